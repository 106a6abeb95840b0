/**
 * Generated interleavings (fast-check, seeded) of abort, timeout, component destroyed, services
 * stopped, answer and failure around one call made through useService: the caller hears of it at
 * most once and never after its component is destroyed, the bus events pair, and nothing is left
 * behind (no request, timer or waiter).
 */
import { Component, xml } from "@odoo/owl";
import fc from "fast-check";
import { afterEach, describe, expect, test, vi } from "vitest";
import { browser, type TimeoutId } from "../../src/browser";
import { makeEnv, startServices, stopServices } from "../../src/env";
import { notificationService } from "../../src/services/notification/notification_service";
import type { RPC } from "../../src/services/rpc/types";
import { getConnectionMonitor, rpcService } from "../../src/services/rpc/rpc_service";
import { useService } from "../../src/use_service";
import { makeServiceRegistry, mountWithServices } from "../helpers";
import { FakeXHR, flush } from "./fake_xhr";

export const INTERLEAVING_RUNS = 2000;

const STEPS = ["abort", "abortQuietly", "signal", "timeout", "destroy", "stop", "answer", "serverError", "networkError"] as const;

class Caller extends Component {
  static override template = xml`<div/>`;
  rpc!: RPC;
  override setup() {
    this.rpc = useService("rpc");
  }
}

afterEach(() => vi.restoreAllMocks());

describe("generated interleavings", () => {
  test(`a call ends once, never for a destroyed component, and leaves nothing behind (${INTERLEAVING_RUNS} runs)`, async () => {
    vi.spyOn(browser, "XMLHttpRequest", "get").mockReturnValue(FakeXHR as unknown as typeof XMLHttpRequest);
    // Timers the test fires by hand ("timeout"); the ones left at the end are what a call left behind.
    const timers = new Map<TimeoutId, () => void>();
    let nextTimer = 1;
    vi.spyOn(browser, "setTimeout").mockImplementation((callback) => {
      const id = nextTimer++ as unknown as TimeoutId;
      timers.set(id, callback);
      return id;
    });
    vi.spyOn(browser, "clearTimeout").mockImplementation((id) => void timers.delete(id!));
    const heardOverall = { result: 0, error: 0, nothing: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...STEPS), { minLength: 1, maxLength: 7 }), fc.boolean(), async (steps, retry) => {
        FakeXHR.sent = [];
        timers.clear();
        const env = makeEnv({ rpc: { shareConnectionState: false } });
        await startServices(env, makeServiceRegistry({ notification: notificationService, rpc: rpcService }));
        const monitor = getConnectionMonitor(env.services.rpc)!;
        const events: string[] = [];
        for (const name of ["RPC:REQUEST", "RPC:RESPONSE"]) env.bus.addEventListener(name, () => events.push(name));
        const { app, component } = await mountWithServices(Caller, env);
        const controller = new AbortController();
        const heard: string[] = [];
        let destroyed = false;
        const call = component.rpc("/x", {}, { timeout: 1000, signal: controller.signal, ...(retry ? { kind: "read", retry: 1 } : {}) });
        call.then(
          () => heard.push(destroyed ? "result after destroy" : "result"),
          () => heard.push(destroyed ? "error after destroy" : "error"),
        );
        const request = () => FakeXHR.sent.at(-1);
        for (const step of steps) {
          switch (step) {
            case "abort": call.abort(); break;
            case "abortQuietly": call.abort(false); break;
            case "signal": controller.abort(); break;
            case "timeout": [...timers.values()].forEach((fire) => {
              fire();
            }); break;
            case "destroy": app.destroy(); destroyed = true; break;
            case "stop": await stopServices(env); break;
            case "answer": request()?.respond(200, "application/json", JSON.stringify({ jsonrpc: "2.0", id: JSON.parse(request()!.body).id, result: 1 })); break;
            case "serverError": request()?.respond(200, "application/json", JSON.stringify({ jsonrpc: "2.0", id: JSON.parse(request()!.body).id, error: { code: 200, message: "Odoo Server Error", data: { name: "odoo.exceptions.UserError", message: "no" } } })); break;
            case "networkError": request()?.fail(); break;
          }
          await flush();
        }
        // Then the app goes away: whatever was still under way ends with it.
        if (!destroyed) app.destroy(), (destroyed = true);
        await stopServices(env);
        await flush();
        expect(heard.length).toBeLessThanOrEqual(1);
        heardOverall[(heard[0] as "result" | "error" | undefined) ?? "nothing"]++;
        expect(heard.filter((h) => h.endsWith("after destroy"))).toEqual([]);
        expect(events.filter((e) => e === "RPC:REQUEST").length).toBe(1);
        expect(events.filter((e) => e === "RPC:RESPONSE").length).toBe(1);
        expect(FakeXHR.sent.every((xhr) => xhr.done)).toBe(true);
        expect(timers.size).toBe(0);
        expect(monitor.waiting).toBe(0);
      }),
      { numRuns: INTERLEAVING_RUNS, seed: 20261123 },
    );
    // Not vacuous: callers heard results, errors, and (destroyed first, or abort(false)) nothing.
    expect(Object.values(heardOverall).every((count) => count > INTERLEAVING_RUNS / 20)).toBe(true);
  }, 120_000);
});
