import { Component, xml } from "@odoo/owl";
import { describe, expect, expectTypeOf, test, vi } from "vitest";
import * as lib from "owl-services";
import { registry, useService, type RPC, type ORM } from "owl-services";

declare module "owl-services" {
  interface Services {
    test_clock: { now(): Date };
  }
  interface RPCRoutes {
    "/test/ping": { params: { n: number }; result: { pong: number } };
  }
  interface Models {
    "test.model": { id: number; label: string };
  }
}

describe("the package entry", () => {
  test("registers rpc, notification, orm, error_display, session and user, and the main components", () => {
    const services = registry.category("services");
    expect(services.getEntries().map(([name]) => name).sort()).toEqual(["error_display", "notification", "orm", "rpc", "session", "user"]);
    expect(services.get("session").dependencies).toEqual(["rpc"]);
    expect(services.get("user").dependencies).toEqual(["session", "orm"]);
    expect(services.get("rpc").dependencies).toEqual(["notification"]);
    expect(services.get("rpc").async).toBe(true);
    expect(services.get("orm").dependencies).toEqual(["rpc"]);
    expect(registry.category("main_components").getEntries().map(([name]) => name)).toEqual(["NotificationContainer", "LoadingIndicator", "SignInDialog"]);
  });

  test("exports the API.md names", () => {
    for (const name of [
      "Registry", "registry", "KeyNotFoundError", "DuplicatedKeyError", "makeEnv", "startServices", "useService",
      "MainComponentsContainer", "RPCError", "ConnectionLostError", "ConnectionAbortedError", "RPCTimeoutError", "InvalidResponseError",
    ]) {
      expect(lib, name).toHaveProperty(name);
    }
  });

  test("lets users type their services, routes and models by declaration merging on the package", () => {
    const check = (rpc: RPC, orm: ORM) => {
      expectTypeOf(rpc("/test/ping", { n: 1 })).resolves.toEqualTypeOf<{ pong: number }>();
      expectTypeOf(orm.read("test.model", [1], ["label"])).resolves.toEqualTypeOf<{ id: number; label: string }[]>();
    };
    class Clock extends Component {
      static override template = xml`<div/>`;
      override setup() {
        expectTypeOf(useService("test_clock").now()).toEqualTypeOf<Date>();
      }
    }
    expectTypeOf(check).toBeFunction();
    expect(Clock.template).toBeDefined();
  });

  test("has subpath entries that register nothing and share the main entry's registry", async () => {
    vi.resetModules();
    const core = await import("../src/core");
    const parts = await Promise.all([import("../src/rpc"), import("../src/orm"), import("../src/notification"), import("../src/error_display"), import("../src/loading_indicator")]);
    const session = await import("../src/session");
    expect(core.registry.category("services").getEntries()).toEqual([]);
    expect(core.registry.category("main_components").getEntries()).toEqual([]);
    expect([...parts, session].map((part) => Object.keys(part).length).every((n) => n > 0)).toBe(true);
    const main = await import("../src/index");
    expect(main.registry).toBe(core.registry);
    expect(core.registry.category("services").getEntries().map(([name]) => name).sort()).toEqual(["error_display", "notification", "orm", "rpc", "session", "user"]);
    for (const part of [core, ...parts]) {
      for (const [name, value] of Object.entries(part)) expect(main[name as keyof typeof main], name).toBe(value);
    }
    // owl-services/session's values are its own: the main entry registers those very ones (and exports their types).
    expect(core.registry.category("services").get("session")).toBe(session.sessionService);
    expect(core.registry.category("services").get("user")).toBe(session.userService);
    expect(core.registry.category("main_components").get("SignInDialog").Component).toBe(session.SignInDialog);
  });
});

