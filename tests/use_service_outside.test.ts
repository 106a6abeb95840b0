// A file of its own: a component whose setup() throws leaves OWL's "current component" behind for the
// rest of the file, and useService cannot tell that one from a component in setup().
import { Component, xml } from "@odoo/owl";
import { describe, expect, test } from "vitest";
import { makeEnv, startServices } from "../src/env";
import { useService } from "../src/use_service";
import { makeServiceRegistry, mountWithServices } from "./helpers";

const message =
  'useService("clock") was called outside any component\'s setup(): call it in setup() (this.clock = useService("clock")); outside components, use env.services.clock';

declare module "owl-services" {
  interface Services {
    clock: { now(): number };
  }
}

describe("useService outside a component's setup()", () => {
  test("says where to call it when no component is being set up", () => {
    expect(() => useService("clock")).toThrow(message);
  });

  test("says the same from a mounted component's code, once its setup is over", async () => {
    class Clock extends Component {
      static override template = xml`<div/>`;
      lookUp() {
        return useService("clock");
      }
    }
    const env = makeEnv();
    await startServices(env, makeServiceRegistry({ clock: { start: () => ({ now: () => 1 }) } }));
    const { component } = await mountWithServices(Clock, env);
    expect(() => component.lookUp()).toThrow(message);
  });
});
