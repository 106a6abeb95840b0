/** The templates' XML, out of the default path: used only where the running OWL is not the one they were compiled with. */
import { App, Component, mount } from "@odoo/owl";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterEach, describe, expect, test, vi } from "vitest";
import { COMPILED_TEMPLATES } from "../src/templates.compiled.js";
import { TEMPLATE_SOURCES } from "../src/templates_source";

const RUNNING = App.version;
const ROOT = `${dirname(dirname(fileURLToPath(import.meta.url)))}/`;

afterEach(() => {
  (App as unknown as { version: string }).version = RUNNING;
  vi.restoreAllMocks();
});

describe("templates on another OWL version", () => {
  test("are used precompiled, with one warning naming owl-services/xml_templates, until the app imports it; then OWL compiles the XML", async () => {
    (App as unknown as { version: string }).version = "2.99.0";
    const { template, useXmlTemplates } = await import("../src/templates");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const compiled = COMPILED_TEMPLATES["owl_services.LoadingIndicator"]!;
    expect(template("owl_services.LoadingIndicator", compiled)).toBe("owl_services.LoadingIndicator");
    expect(template("owl_services.LoadingIndicator", compiled)).toBe("owl_services.LoadingIndicator");
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain('import "owl-services/xml_templates"');

    useXmlTemplates(TEMPLATE_SOURCES);
    const fromXml = template("owl_services.LoadingIndicator", compiled);
    expect(fromXml).not.toBe("owl_services.LoadingIndicator");
    class Indicator extends Component {
      static override template = fromXml;
      state = { show: true };
      label = "Loading…";
    }
    const target = document.createElement("div");
    document.body.append(target);
    await mount(Indicator, target);
    expect(target.querySelector(".o_loading_indicator_text")?.textContent).toBe("Loading…");
  });

  test("the main entry does not carry the XML", async () => {
    const result = await build({
      stdin: { contents: `export * from "owl-services";`, resolveDir: ROOT, loader: "ts" },
      bundle: true,
      format: "esm",
      write: false,
      external: ["@odoo/owl"],
      logLevel: "silent",
      alias: { "owl-services": `${ROOT}src/index.ts` },
    });
    const text = result.outputFiles.map((file) => file.text).join("\n");
    expect(text).toContain("owl_services.Notification");
    // Attributes as written in XML (compiled templates hold handlers, not attribute text).
    expect(text).not.toContain('t-on-focusin="');
    expect(TEMPLATE_SOURCES["owl_services.Notification"]).toContain('t-on-focusin="');
  });
});
