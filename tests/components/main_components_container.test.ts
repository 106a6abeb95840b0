import { Component, xml } from "@odoo/owl";
import { afterEach, describe, expect, test, vi } from "vitest";
import { MainComponentsContainer } from "../../src/components/main_components_container";
import { makeEnv } from "../../src/env";
import { registry } from "../../src/registry";
import { mountWithServices, nextRender } from "../helpers";

class Hello extends Component {
  static override template = xml`<p class="hello" t-esc="props.who"/>`;
  static override props = ["who"];
}
class Plain extends Component {
  static override template = xml`<p class="plain">plain</p>`;
}
class Root extends Component {
  static override template = xml`<main><MainComponentsContainer/></main>`;
  static components = { MainComponentsContainer };
}

const mainComponents = registry.category("main_components");
const added: string[] = [];
function addMain(key: string, entry: Parameters<typeof mainComponents.add>[1], sequence?: number) {
  mainComponents.add(key, entry, sequence === undefined ? {} : { sequence });
  added.push(key);
}
afterEach(() => {
  for (const key of added.splice(0)) {
    mainComponents.remove(key);
  }
});

describe("MainComponentsContainer", () => {
  test("renders every registered main component with its props, in sequence order", async () => {
    addMain("test_hello", { Component: Hello, props: { who: "world" } }, 90);
    addMain("test_plain", { Component: Plain }, 1);
    const { target } = await mountWithServices(Root, makeEnv());
    const texts = [...target.querySelectorAll(".hello, .plain")].map((el) => el.textContent);
    expect(texts).toEqual(["plain", "world"]);
  });

  test("shows components added and hides components removed after it is mounted", async () => {
    const { target } = await mountWithServices(Root, makeEnv());
    expect(target.querySelector(".hello")).toBeNull();
    addMain("test_late", { Component: Hello, props: { who: "late" } });
    await nextRender();
    expect(target.querySelector(".hello")?.textContent).toBe("late");
    mainComponents.remove("test_late");
    await nextRender();
    expect(target.querySelector(".hello")).toBeNull();
  });

  test("removes a main component that crashes and keeps the others", async () => {
    class Broken extends Component {
      static override template = xml`<p t-esc="props.missing.deep"/>`;
    }
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
    addMain("test_plain", { Component: Plain });
    const { target } = await mountWithServices(Root, makeEnv());
    addMain("test_broken", { Component: Broken });
    await nextRender(3);
    expect(target.querySelector(".plain")).not.toBeNull();
    expect(consoleError).toHaveBeenCalledWith('Main component "test_broken" crashed and was removed', expect.any(Error));
    consoleError.mockRestore();
  });

  test("stops following the registry once destroyed", async () => {
    const added = vi.spyOn(mainComponents, "addEventListener");
    const removed = vi.spyOn(mainComponents, "removeEventListener");
    const { app } = await mountWithServices(Root, makeEnv());
    const listener = added.mock.calls.find(([type]) => type === "UPDATE")?.[1];
    expect(listener).toBeTypeOf("function");
    app.destroy();
    expect(removed).toHaveBeenCalledWith("UPDATE", listener);
    added.mockRestore();
    removed.mockRestore();
  });
});
