// @vitest-environment node
import { readFileSync } from "node:fs";
import { App } from "@odoo/owl";
import { describe, expect, test } from "vitest";
import { compiledTemplatesModule, OUTPUT } from "../scripts/compile_templates";
import { COMPILED_TEMPLATES, COMPILED_WITH_OWL } from "../src/templates.compiled.js";
import { TEMPLATE_SOURCES } from "../src/templates_source";

describe("the library's precompiled templates", () => {
  test("are up to date with src/templates_source.ts and this OWL (run `npm run templates` if not)", () => {
    expect(readFileSync(OUTPUT, "utf8")).toBe(compiledTemplatesModule());
  });

  test("cover every template, compiled with the OWL that runs here", () => {
    expect(Object.keys(COMPILED_TEMPLATES).sort()).toEqual(Object.keys(TEMPLATE_SOURCES).sort());
    expect(COMPILED_WITH_OWL).toBe(App.version);
  });
});
