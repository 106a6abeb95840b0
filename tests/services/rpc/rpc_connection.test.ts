import { afterEach, describe, expect, test, vi } from "vitest";
import { browser } from "../../../src/browser";
import { getNotificationStore } from "../../../src/services/notification/notification_service";
import { ConnectionAbortedError, ConnectionLostError, RPCTimeoutError } from "../../../src/services/rpc/errors";
import { getConnectionMonitor } from "../../../src/services/rpc/rpc_service";
import { setupRPC } from "./rpc_helpers";
import { makeDeferred, watchTimers } from "../../helpers";

const HEARTBEAT = "/web/webclient/version_info";
const realSetTimeout = globalThis.setTimeout;

/** Waits, on the real clock, until `check` passes: the network runs on real time even under fake timers. */
async function until(check: () => void, timeout = 20_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() - start > timeout) throw error;
      await new Promise((r) => realSetTimeout(r, 5));
    }
  }
}

async function setupLost(config = {}) {
  vi.spyOn(browser, "random").mockReturnValue(1); // no jitter: each delay is its cap
  const ctx = await setupRPC({ "/x": () => ({ result: "ok" }), "/read": () => ({ result: "data" }) }, config);
  const store = getNotificationStore(ctx.env.services.notification)!;
  const notices = () => store.visible.map((n) => String(n.message));
  const polls = () => ctx.server.requestsTo(HEARTBEAT).length;
  return { ...ctx, store, notices, polls };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("rpc connection loss", () => {
  test("rejects with ConnectionLostError and triggers RPC_ERROR network when the connection is reset", async () => {
    const { rpc, server, named } = await setupLost();
    server.mode = "reset";
    const error = await rpc("/x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionLostError);
    expect((error as ConnectionLostError).message).toBe("rpc /x: connection lost (no response from the server)");
    expect(named("RPC_ERROR")).toEqual([{ type: "network" }]);
    expect(named("RPC:RESPONSE")[0]).toMatchObject({ outcome: "network", error });
  });

  test.each([502, 503, 504])("treats HTTP %i as a connection loss", async (status) => {
    const { rpc, server, notices } = await setupLost();
    server.mode = status;
    await expect(rpc("/x")).rejects.toMatchObject({ name: "ConnectionLostError", status, message: `rpc /x: connection lost (HTTP ${status})` });
    expect(notices()).toEqual(["Connection lost. Trying to reconnect in 5 s…"]);
  });

  test("shows ONE sticky notice with Retry now however many calls fail together", async () => {
    const { rpc, server, store, named } = await setupLost();
    server.mode = "reset";
    const results = await Promise.allSettled([rpc("/x"), rpc("/x"), rpc("/read"), rpc("/x")]);
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect(store.visible).toHaveLength(1);
    expect(store.visible[0]).toMatchObject({ sticky: true, type: "warning", className: "o_connection_lost" });
    expect(store.visible[0]!.buttons.map((b) => b.name)).toEqual(["Retry now"]);
    expect(named("RPC_ERROR")).toHaveLength(4);
  });

  test("polls the heartbeat route with growing delays capped at reconnectMaxDelay, then restores", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const { rpc, server, polls, notices, events } = await setupLost();
    server.mode = "reset";
    await expect(rpc("/x")).rejects.toBeInstanceOf(ConnectionLostError);
    const eventsBefore = events.length;
    const expected = [5000, 10000, 20000, 30000, 30000, 30000];
    for (const [i, delay] of expected.entries()) {
      vi.advanceTimersByTime(delay - 1);
      await new Promise((r) => realSetTimeout(r, 20));
      expect(polls()).toBe(i);
      vi.advanceTimersByTime(1);
      await until(() => expect(polls()).toBe(i + 1));
      // The failed poll schedules the next one: wait for it before moving the clock.
      await until(() => expect(notices()[0]).toMatch(/in \d+ s…$/));
    }
    server.mode = "up";
    vi.advanceTimersByTime(30000);
    await until(() => expect(notices()).toEqual(["Connection restored"]));
    expect(events.length).toBe(eventsBefore); // polls are silent
    expect(server.requestsTo(HEARTBEAT).every((r) => r.json?.method === "call")).toBe(true);
  });

  test("counts down to the next attempt in the notice", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const { rpc, server, notices } = await setupLost({ rpc: { reconnectDelay: 8000 } });
    server.mode = "reset";
    await expect(rpc("/x")).rejects.toBeInstanceOf(ConnectionLostError);
    expect(notices()).toEqual(["Connection lost. Trying to reconnect in 8 s…"]);
    vi.advanceTimersByTime(1000);
    expect(notices()).toEqual(["Connection lost. Trying to reconnect in 7 s…"]);
    vi.advanceTimersByTime(6000);
    expect(notices()).toEqual(["Connection lost. Trying to reconnect in 1 s…"]);
    vi.advanceTimersByTime(1000); // the poll starts
    expect(notices()).toEqual(["Connection lost. Trying to reconnect…"]);
  });

  test("polls at once on Retry now, on the browser's online event and when the page is shown again", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const { rpc, server, store, polls } = await setupLost({ rpc: { reconnectDelay: 20000, reconnectMaxDelay: 20000 } });
    server.mode = "reset";
    await expect(rpc("/x")).rejects.toBeInstanceOf(ConnectionLostError);
    store.visible[0]!.buttons[0]!.onClick();
    await until(() => expect(polls()).toBe(1));
    await until(() => expect(store.visible[0]!.message).toMatch(/in 20 s/));
    window.dispatchEvent(new Event("online"));
    await until(() => expect(polls()).toBe(2));
    await until(() => expect(store.visible[0]!.message).toMatch(/in 20 s/));
    document.dispatchEvent(new Event("visibilitychange"));
    await until(() => expect(polls()).toBe(3));
    await until(() => expect(store.visible[0]!.message).toMatch(/in 20 s/));
    server.mode = "up";
    store.visible[0]!.buttons[0]!.onClick();
    await until(() => expect(store.visible.map((n) => n.message)).toEqual(["Connection restored"]));
  });

  test("restores as soon as any call gets an answer", async () => {
    const { rpc, server, notices, polls } = await setupLost({ rpc: { reconnectDelay: 60_000, reconnectMaxDelay: 60_000 } });
    server.mode = "reset";
    await expect(rpc("/x")).rejects.toBeInstanceOf(ConnectionLostError);
    server.mode = "up";
    await expect(rpc("/x")).resolves.toBe("ok");
    expect(notices()).toEqual(["Connection restored"]);
    expect(polls()).toBe(0);
  });
});

describe("rpc retry", () => {
  test("re-sends an opted-in call once the server is back, and rejects the others", async () => {
    const { rpc, server, store, named } = await setupLost({ rpc: { reconnectDelay: 60_000, reconnectMaxDelay: 60_000 } });
    server.mode = "reset";
    const read = rpc("/read", {}, { kind: "read", retry: true });
    const write = rpc("/x");
    await expect(write).rejects.toBeInstanceOf(ConnectionLostError);
    await until(() => expect(server.requestsTo("/read")).toHaveLength(1));
    server.mode = "up";
    store.visible[0]!.buttons[0]!.onClick(); // Retry now
    await expect(read).resolves.toBe("data");
    expect(server.requestsTo("/read")).toHaveLength(2);
    expect(server.requestsTo("/x")).toHaveLength(1);
    expect(named("RPC:REQUEST").map((e) => e.url)).toEqual(["/read", "/x"]);
    expect(named("RPC:RESPONSE").map((e) => e.outcome)).toEqual(["network", "result"]);
  });

  test("gives up after the allowed number of re-sends", async () => {
    vi.spyOn(browser, "random").mockReturnValue(0); // polls at once
    const ctx = await setupRPC({ "/flaky": () => ({ destroy: true }) });
    await expect(ctx.rpc("/flaky", {}, { kind: "read", retry: 2 })).rejects.toBeInstanceOf(ConnectionLostError);
    expect(ctx.server.requestsTo("/flaky")).toHaveLength(3);
    expect(ctx.named("RPC:RESPONSE")).toHaveLength(1);
  });

  test("timeout bounds a re-sent call as a whole while the server stays down, and leaves no waiter behind", async () => {
    const ctx = await setupRPC({ "/read": () => ({ result: 1 }) });
    ctx.server.mode = "reset";
    const monitor = getConnectionMonitor(ctx.rpc)!;
    const started = Date.now();
    const error = await ctx.rpc("/read", {}, { kind: "read", retry: 2, timeout: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RPCTimeoutError);
    expect((error as RPCTimeoutError).message).toBe("rpc /read: no answer within 300 ms (timed out; the request was aborted)");
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(monitor.waiting).toBe(0);
  });

  test("an aborted call waiting to be re-sent leaves nothing behind", async () => {
    const ctx = await setupRPC({ "/read": () => ({ result: 1 }) });
    ctx.server.mode = "reset";
    const monitor = getConnectionMonitor(ctx.rpc)!;
    const call = ctx.rpc("/read", {}, { kind: "read", retry: true });
    await vi.waitFor(() => expect(monitor.waiting).toBe(1));
    call.abort();
    await expect(call).rejects.toBeInstanceOf(ConnectionAbortedError);
    expect(monitor.waiting).toBe(0);
  });

  test("re-sends an opted-in call that timed out", async () => {
    vi.spyOn(browser, "random").mockReturnValue(0);
    let calls = 0;
    const firstArrived = makeDeferred();
    const ctx = await setupRPC({ "/slow-once": () => (++calls === 1 ? (firstArrived.resolve(), { hang: true }) : { result: "second try" }) });
    // The first attempt times out when the test says so, once the server holds it.
    const TIMEOUT = 32_100;
    const timers = watchTimers();
    const call = ctx.rpc("/slow-once", {}, { kind: "read", retry: true, timeout: TIMEOUT });
    await firstArrived.promise;
    timers.fire(TIMEOUT);
    await expect(call).resolves.toBe("second try");
    expect(calls).toBe(2);
  });

  test("an abort while waiting to re-send ends the call", async () => {
    const { rpc, server, named } = await setupLost({ rpc: { reconnectDelay: 60_000, reconnectMaxDelay: 60_000 } });
    server.mode = "reset";
    const read = rpc("/read", {}, { kind: "read", retry: true });
    await until(() => expect(server.requestsTo("/read")).toHaveLength(1));
    await new Promise((r) => realSetTimeout(r, 20));
    read.abort();
    await expect(read).rejects.toMatchObject({ name: "ConnectionAbortedError" });
    expect(named("RPC:RESPONSE")).toEqual([expect.objectContaining({ outcome: "aborted" })]);
  });
});
