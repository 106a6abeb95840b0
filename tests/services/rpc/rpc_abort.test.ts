import { afterEach, describe, expect, test, vi } from "vitest";
import { browser, type TimeoutId } from "../../../src/browser";
import { ConnectionAbortedError, RPCTimeoutError } from "../../../src/services/rpc/errors";
import { getConnectionMonitor } from "../../../src/services/rpc/rpc_service";
import { makeDeferred, settle, watchTimers } from "../../helpers";
import { setupRPC } from "./rpc_helpers";

/** Whether `promise` settled once everything already under way has run. */
async function settledBySettle(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(() => (settled = true), () => (settled = true));
  await settle();
  return settled;
}

afterEach(() => vi.restoreAllMocks());

describe("rpc abort, signal and timeout", () => {
  test("abort() rejects with ConnectionAbortedError, pairs RPC:RESPONSE once and triggers no RPC_ERROR", async () => {
    const arrived = makeDeferred();
    const { rpc, named } = await setupRPC({ "/slow": () => (arrived.resolve(), { hang: true }) });
    const call = rpc("/slow");
    await arrived.promise;
    call.abort();
    call.abort();
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionAbortedError);
    expect((error as Error).message).toBe("rpc /slow: aborted");
    expect(named("RPC:RESPONSE")).toHaveLength(1);
    expect(named("RPC:RESPONSE")[0]).toMatchObject({ outcome: "aborted", error });
    expect(named("RPC_ERROR")).toEqual([]);
  });

  test("abort(false) never settles the promise but still ends the call for listeners", async () => {
    const arrived = makeDeferred();
    const { rpc, named } = await setupRPC({ "/slow": () => (arrived.resolve(), { hang: true }) });
    const call = rpc("/slow");
    await arrived.promise;
    call.abort(false);
    expect(await settledBySettle(call)).toBe(false);
    expect(named("RPC:RESPONSE")).toHaveLength(1);
  });

  test("a call aborted, or its signal aborted, by an RPC:REQUEST listener is never sent", async () => {
    const { env, rpc, server, named } = await setupRPC({ "/x": () => ({ result: 1 }) });
    const controller = new AbortController();
    let mode: "abort" | "signal" | "none" = "abort";
    env.bus.addEventListener("RPC:REQUEST", (event) => {
      if (mode === "abort") (event as CustomEvent<{ abort(): void }>).detail.abort();
      else if (mode === "signal") controller.abort();
    });
    await expect(rpc("/x")).rejects.toBeInstanceOf(ConnectionAbortedError);
    mode = "signal";
    await expect(rpc("/x", {}, { signal: controller.signal })).rejects.toBeInstanceOf(ConnectionAbortedError);
    // A call sent after them reaches the server, and it is the only one that did.
    mode = "none";
    await expect(rpc("/x")).resolves.toBe(1);
    expect(server.requests.map((request) => request.url)).toEqual(["/x"]);
    expect(named("RPC:RESPONSE").map((event) => event.outcome)).toEqual(["aborted", "aborted", "result"]);
  });

  test("abort after the call settled does nothing", async () => {
    const { rpc, named } = await setupRPC({ "/x": () => ({ result: 5 }) });
    const call = rpc("/x");
    await expect(call).resolves.toBe(5);
    call.abort();
    expect(named("RPC:RESPONSE")).toHaveLength(1);
    expect(named("RPC:RESPONSE")[0]).toMatchObject({ outcome: "result" });
  });

  test("an aborting signal is abort(), and an already aborted one sends nothing", async () => {
    const arrived = makeDeferred();
    const { rpc, server, events } = await setupRPC({ "/slow": () => (arrived.resolve(), { hang: true }) });
    const controller = new AbortController();
    const call = rpc("/slow", {}, { signal: controller.signal });
    await arrived.promise;
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(ConnectionAbortedError);
    const count = server.requests.length;
    events.length = 0;
    await expect(rpc("/slow", {}, { signal: controller.signal })).rejects.toBeInstanceOf(ConnectionAbortedError);
    expect(server.requests).toHaveLength(count);
    expect(events).toEqual([]);
  });

  test("rejects with RPCTimeoutError when the server is slower than timeout, and is no connection loss", async () => {
    const { rpc, named, server } = await setupRPC({ "/slow": () => ({ hang: true }) });
    const error = await rpc("/slow", {}, { timeout: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RPCTimeoutError);
    expect((error as Error).message).toBe("rpc /slow: no answer within 100 ms (timed out; the request was aborted)");
    expect(named("RPC:RESPONSE")).toEqual([expect.objectContaining({ outcome: "timeout", error })]);
    expect(named("RPC_ERROR")).toEqual([]);
    // Only a lost connection polls the heartbeat route, and the monitor would be lost from the call's end on.
    expect(getConnectionMonitor(rpc)!.state).toBe("online");
    expect(server.requestsTo("/web/webclient/version_info")).toEqual([]);
    expect(document.querySelector(".o_connection_lost")).toBeNull();
  });

  test("uses config.rpc.timeout by default and the call's own timeout over it", async () => {
    // Each timeout is armed with its own delay, and fired by the test: no answer has to beat a clock.
    const { rpc } = await setupRPC({ "/slow": () => ({ hang: true }), "/ok": () => ({ result: 1 }) }, { rpc: { timeout: 54_321 } });
    const timers = watchTimers();
    const byDefault = rpc("/slow");
    const own = rpc("/slow", {}, { timeout: 12_345 });
    expect(timers.delays).toEqual([54_321, 12_345]);
    timers.fire(54_321);
    timers.fire(12_345);
    await expect(byDefault).rejects.toMatchObject({ name: "RPCTimeoutError", timeout: 54_321 });
    await expect(own).rejects.toMatchObject({ name: "RPCTimeoutError", timeout: 12_345 });
    await expect(rpc("/ok")).resolves.toBe(1);
  });

  test("a timeout does not fire once the call has answered: its timer is cleared", async () => {
    const { rpc, named } = await setupRPC({ "/x": () => ({ result: "fast" }) });
    const timers = new Map<TimeoutId, number>();
    const set = browser.setTimeout.bind(browser);
    vi.spyOn(browser, "setTimeout").mockImplementation((callback, delay) => {
      const id = set(callback, delay);
      timers.set(id, delay);
      return id;
    });
    const cleared = vi.spyOn(browser, "clearTimeout");
    await expect(rpc("/x", {}, { timeout: 60_000 })).resolves.toBe("fast");
    const timeouts = [...timers].filter(([, delay]) => delay === 60_000).map(([id]) => id);
    expect(timeouts).toHaveLength(1);
    expect(cleared.mock.calls.map(([id]) => id)).toContain(timeouts[0]);
    expect(named("RPC:RESPONSE")).toHaveLength(1);
    vi.restoreAllMocks();
  });
});
