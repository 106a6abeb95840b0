import { Component, xml } from "@odoo/owl";
import { describe, expect, expectTypeOf, test, vi } from "vitest";
import type { RPC, RPCPromise } from "../../../src/services/rpc/types";
import { useService } from "../../../src/use_service";
import { ConnectionMonitor } from "../../../src/services/rpc/call/connection_monitor";
import { getConnectionMonitor } from "../../../src/services/rpc/rpc_service";
import { makeDeferred, mountWithServices, settle } from "../../helpers";
import { setupRPC } from "./rpc_helpers";

declare module "owl-services" {
  interface RPCRoutes {
    "/sale/kpis": { params: { year: number }; result: { revenue: number } };
  }
}

class Dashboard extends Component {
  static override template = xml`<div class="dashboard"/>`;
  rpc!: RPC;
  override setup() {
    this.rpc = useService("rpc");
  }
}

/** Whether `promise` settles once everything the call's end set off has run (the call ended: RPC:RESPONSE fired). */
async function settlesAfterTheCallEnded(promise: Promise<unknown>, ended: () => boolean): Promise<boolean> {
  let settled = false;
  promise.then(() => (settled = true), () => (settled = true));
  await vi.waitFor(() => expect(ended()).toBe(true));
  await settle();
  return settled;
}

describe("rpc through useService", () => {
  test("getConnectionMonitor finds the env's monitor from the rpc a component got through useService", async () => {
    const { env } = await setupRPC({ "/x": () => ({ result: 1 }) });
    const { app, component } = await mountWithServices(Dashboard, env);
    expect(component.rpc).not.toBe(env.services.rpc);
    const monitor = getConnectionMonitor(env.services.rpc);
    expect(monitor).toBeInstanceOf(ConnectionMonitor);
    expect(getConnectionMonitor(component.rpc)).toBe(monitor);
    expect(getConnectionMonitor(() => undefined)).toBeUndefined();
    app.destroy();
  });

  test("throws 'destroyed' and sends nothing when the component is destroyed before the call", async () => {
    const { env, server, events } = await setupRPC({ "/x": () => ({ result: 1 }) });
    const { app, component } = await mountWithServices(Dashboard, env);
    app.destroy();
    expect(() => component.rpc("/x")).toThrow(/destroyed/);
    expect(server.requests).toEqual([]);
    expect(events).toEqual([]);
  });

  test("never settles a result that arrives after the component is destroyed, while the app still sees the call end", async () => {
    const gate = makeDeferred();
    const { env, named } = await setupRPC({ "/x": async () => (await gate.promise, { result: "late" }) });
    const { app, component } = await mountWithServices(Dashboard, env);
    const call = component.rpc("/x");
    app.destroy();
    gate.resolve();
    expect(await settlesAfterTheCallEnded(call, () => named("RPC:RESPONSE").length > 0)).toBe(false);
    expect(named("RPC:RESPONSE")).toEqual([expect.objectContaining({ outcome: "result", result: "late" })]);
  });

  test("never settles a failure that arrives after the component is destroyed, while RPC_ERROR still fires", async () => {
    const gate = makeDeferred();
    const { env, named } = await setupRPC({
      "/x": async () => (await gate.promise, { error: { code: 200, message: "Odoo Server Error", data: { name: "odoo.exceptions.UserError", message: "no" } } }),
    });
    const { app, component } = await mountWithServices(Dashboard, env);
    const call = component.rpc("/x");
    app.destroy();
    gate.resolve();
    expect(await settlesAfterTheCallEnded(call, () => named("RPC:RESPONSE").length > 0)).toBe(false);
    expect(named("RPC_ERROR")).toHaveLength(1);
  });

  test("keeps abort on the protected promise", async () => {
    const arrived = makeDeferred();
    const { env } = await setupRPC({ "/slow": () => (arrived.resolve(), { hang: true }) });
    const { component } = await mountWithServices(Dashboard, env);
    const call = component.rpc("/slow");
    await arrived.promise;
    call.abort();
    await expect(call).rejects.toMatchObject({ name: "ConnectionAbortedError" });
  });

  test("resolves normally while the component is alive", async () => {
    const { env } = await setupRPC({ "/sale/kpis": () => ({ result: { revenue: 7 } }) });
    const { component } = await mountWithServices(Dashboard, env);
    await expect(component.rpc("/sale/kpis", { year: 2026 })).resolves.toEqual({ revenue: 7 });
  });
});

describe("rpc types", () => {
  test("types a declared route's params and result, and other routes by the caller", () => {
    // Only compiled, never run: the checks are the compiler's.
    const check = (rpc: RPC) => {
      expectTypeOf(rpc("/sale/kpis", { year: 2026 })).toEqualTypeOf<RPCPromise<{ revenue: number }>>();
      expectTypeOf(rpc<{ id: number }[]>("/my/route")).toEqualTypeOf<RPCPromise<{ id: number }[]>>();
      expectTypeOf(rpc("/undeclared")).toEqualTypeOf<RPCPromise<unknown>>();
      // Params typed by an interface (no index signature) are accepted.
      interface SearchParams { query: string; limit: number }
      const search: SearchParams = { query: "desk", limit: 5 };
      expectTypeOf(rpc<string[]>("/search", search)).toEqualTypeOf<RPCPromise<string[]>>();
      // @ts-expect-error: a declared route's params are checked
      void rpc("/sale/kpis", { year: "2026" });
      // @ts-expect-error: a declared route needs its params
      void rpc("/sale/kpis");
    };
    expectTypeOf(check).toBeFunction();
    expectTypeOf(useService<"rpc">).returns.toEqualTypeOf<RPC>();
  });
});
