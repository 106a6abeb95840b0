/** The bus over a fake WebSocket: Odoo 17's protocol, resume, reset, dedupe and order, the session, stop. */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { browser } from "../../../src/browser";
import { Subscribable } from "../../../src/subscribable";
import { DEFAULT_ELECTION_TIMING } from "../../../src/tab_election";
import { getReadCache } from "../../../src/services/rpc/rpc_service";
import { makeDeferred, setPageURL, settle, watchTimers } from "../../helpers";
import { busTab, fakeSockets, note, socketAt, type Tab } from "./bus_helpers";

const tabs: Tab[] = [];
async function tab(...args: Parameters<typeof busTab>): Promise<Tab> {
  const made = await busTab(...args);
  tabs.push(made);
  return made;
}

beforeEach(() => {
  localStorage.clear();
  setPageURL("http://localhost:8069/odoo/sales");
});

afterEach(async () => {
  for (const made of tabs.splice(0)) await made.stop();
  vi.restoreAllMocks();
});

describe("the bus service", () => {
  test("opens one socket to /websocket on the page's origin (ws: for http:) and subscribes with its channels and last 0", async () => {
    const sockets = fakeSockets();
    const { bus } = await tab();
    bus.addChannel("sale.order");
    const socket = await socketAt(sockets, 0);
    expect(socket.url).toBe("ws://localhost:8069/websocket");
    expect(bus.state).toBe("connecting");
    socket.open();
    expect(bus.state).toBe("connected");
    expect(socket.sent.at(-1)).toEqual({ event_name: "subscribe", data: { channels: ["sale.order"], last: 0 } });
    await settle();
    expect(sockets).toHaveLength(1);
  });

  test("subscribes again whenever the channel set changes, and not when it stays the same", async () => {
    const sockets = fakeSockets();
    const { bus } = await tab({ bus: { url: "https://erp.example.com/websocket" } });
    bus.addChannel("sale.order");
    const socket = await socketAt(sockets, 0);
    expect(socket.url).toBe("wss://erp.example.com/websocket");
    socket.open();
    bus.addChannel("res.partner");
    bus.addChannel("res.partner");
    bus.deleteChannel("sale.order");
    bus.deleteChannel("sale.order");
    expect(socket.subscribes.map((sent) => sent.channels)).toEqual([["sale.order"], ["res.partner", "sale.order"], ["res.partner"]]);
  });

  test("calls each subscriber with its type's notifications, each once, in id order, until it unsubscribes", async () => {
    const sockets = fakeSockets();
    const { bus, got } = await tab();
    const other: string[] = [];
    const unsubscribe = bus.subscribe<{ text: string }>("mail/message", ({ text }, { id }) => other.push(`${id} ${text}`));
    bus.addChannel("sale.order");
    const socket = await socketAt(sockets, 0);
    socket.open();
    socket.receive([note(2), note(1), note(3, "mail/message", { text: "hi" })]);
    socket.receive([note(2), note(4)]);
    unsubscribe();
    socket.receive([note(5, "mail/message", { text: "again" })]);
    expect(got).toEqual([1, 2, 4]);
    expect(other).toEqual(["3 hi"]);
  });

  test("drops a malformed frame with a warning that names the socket, and keeps the socket", async () => {
    const sockets = fakeSockets();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const { bus, got } = await tab();
    bus.addChannel("sale.order");
    const socket = await socketAt(sockets, 0);
    socket.open();
    socket.receive("{not json");
    socket.receive({ id: 1 });
    socket.receive([{ id: "2", message: { type: "records/changed" } }]);
    socket.receive([note(3)]);
    expect(got).toEqual([3]);
    expect(warn).toHaveBeenCalledTimes(3);
    expect(String(warn.mock.calls[2]![0])).toMatch(/bus ws:\/\/localhost:8069\/websocket: a frame was dropped, 1 malformed notification/);
    expect(bus.state).toBe("connected");
  });

  test("after the socket closes, reports the connection lost once and resumes from the last id when the monitor says restored", async () => {
    const sockets = fakeSockets();
    const { bus, rpc, events, got } = await tab();
    const monitor = rpc.layers.client.monitor;
    const lost = vi.spyOn(monitor, "reportLost");
    bus.addChannel("sale.order");
    const first = await socketAt(sockets, 0);
    first.open();
    first.receive([note(7)]);
    first.serverClose(1006);
    expect(lost).toHaveBeenCalledTimes(1);
    expect(monitor.state).toBe("lost");
    expect(bus.state).toBe("disconnected");
    await settle();
    expect(sockets).toHaveLength(1);
    monitor.reportAlive();
    const second = await socketAt(sockets, 1);
    second.open();
    expect(second.subscribes).toEqual([{ channels: ["sale.order"], last: 7 }]);
    second.receive([note(7), note(8)]);
    expect(got).toEqual([7, 8]);
    expect(events).toEqual(["BUS:CONNECT", "BUS:DISCONNECT 1006", "BUS:CONNECT"]);
  });

  test("a socket that never opened tries again on the rpc's schedule, without reporting the connection lost", async () => {
    const sockets = fakeSockets();
    vi.spyOn(browser, "random").mockReturnValue(0.5);
    const timers = watchTimers();
    const { bus, rpc } = await tab({ rpc: { reconnectDelay: 4000 } });
    const lost = vi.spyOn(rpc.layers.client.monitor, "reportLost");
    bus.addChannel("sale.order");
    (await socketAt(sockets, 0)).serverClose(1006);
    // Half of the first window (the phase drawn: 0.5), as the rpc's polls.
    expect(timers.delays).toContain(2000);
    timers.fire(2000);
    (await socketAt(sockets, 1)).open();
    expect(lost).not.toHaveBeenCalled();
    expect(bus.state).toBe("connected");
  });

  test("triggers BUS:RESET and drops every cached read on a bus/reset notification", async () => {
    const sockets = fakeSockets();
    const { bus, rpc, events } = await tab();
    const cache = getReadCache(rpc)!;
    for (const model of ["sale.order", "res.partner"]) cache.set(cache.scope(model), model, "[1]", "ram", cache.generation(model));
    const resets: number[] = [];
    bus.subscribe("bus/reset", (_payload, { id }) => resets.push(id));
    bus.addChannel("sale.order");
    const socket = await socketAt(sockets, 0);
    socket.open();
    expect(cache.size).toBe(2);
    socket.receive([note(40, "bus/reset", {})]);
    expect(cache.size).toBe(0);
    expect(events).toEqual(["BUS:CONNECT", "BUS:RESET"]);
    expect(resets).toEqual([40]);
  });

  test("drops the cached reads of a model whose records changed, once per model, and no other model's", async () => {
    const sockets = fakeSockets();
    const { bus, rpc } = await tab();
    const cache = getReadCache(rpc)!;
    for (const model of ["sale.order", "res.partner"]) cache.set(cache.scope(model), model, "[1]", "ram", cache.generation(model));
    const invalidate = vi.spyOn(rpc.layers.reads, "invalidate");
    bus.addChannel("sale.order");
    const socket = await socketAt(sockets, 0);
    socket.open();
    socket.receive([note(1), note(2), note(3, "records/changed", { model: "", ids: [] })]);
    expect(invalidate.mock.calls).toEqual([["sale.order"]]);
    expect(cache.size).toBe(1);
  });

  test("refused (4003, 1008, 1009): does not reconnect, even when the monitor is restored, until the channels change", async () => {
    const sockets = fakeSockets();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const { bus, rpc } = await tab();
    const monitor = rpc.layers.client.monitor;
    bus.addChannel("sale.order");
    let socket = await socketAt(sockets, 0);
    for (const [index, code] of [4003, 1008, 1009].entries()) {
      socket.open();
      socket.serverClose(code, "refused");
      expect(String(warn.mock.calls.at(-1)![0])).toContain(`refused the socket (${code} refused)`);
      monitor.reportLost();
      monitor.reportAlive();
      await settle();
      expect(sockets).toHaveLength(index + 1);
      bus.addChannel(`model.${code}`);
      socket = await socketAt(sockets, index + 1);
    }
  });

  test("closed for the session (4001): waits for the session to change, then resumes from the last id", async () => {
    const sockets = fakeSockets();
    const session = new (class extends Subscribable {
      change() {
        this.notify();
      }
    })();
    const { bus, rpc } = await tab({}, { session: { start: () => session } });
    bus.addChannel("sale.order");
    const first = await socketAt(sockets, 0);
    first.open();
    first.receive([note(3)]);
    first.serverClose(4001, "session expired");
    rpc.layers.client.monitor.reportLost();
    rpc.layers.client.monitor.reportAlive();
    await settle();
    expect(sockets).toHaveLength(1);
    session.change();
    const second = await socketAt(sockets, 1);
    second.open();
    expect(second.subscribes).toEqual([{ channels: ["sale.order"], last: 3 }]);
  });

  test("closed for the session (4001): waits at the sign-in gate, and a sign-in as the same user opens the socket again", async () => {
    const sockets = fakeSockets();
    const decision = makeDeferred<"again" | "fail" | "other">();
    const hold = vi.fn(() => decision.promise);
    const { bus, rpc } = await tab({}, { session: { start: () => ({ subscribe: () => () => undefined }) } });
    // As the session service sets it: where the rpc's calls refused for the session wait.
    rpc.layers.client.gate = { hold };
    bus.addChannel("sale.order");
    const first = await socketAt(sockets, 0);
    first.open();
    first.serverClose(4001);
    expect(hold).toHaveBeenCalledTimes(1);
    await settle();
    expect(sockets).toHaveLength(1);
    decision.resolve("again");
    (await socketAt(sockets, 1)).open();
    expect(bus.state).toBe("connected");
  });

  test("closed for the session (4001) while no tab has a channel (a subscriber only, before any sign-in): no sign-in dialog; a channel added after a change of session subscribes", async () => {
    const sockets = fakeSockets();
    const hold = vi.fn(() => new Promise<"again" | "fail" | "other">(() => undefined));
    const session = new (class extends Subscribable {
      change() {
        this.notify();
      }
    })();
    const { bus, rpc } = await tab({}, { session: { start: () => session } });
    rpc.layers.client.gate = { hold };
    bus.subscribe("records/changed", () => undefined);
    const first = await socketAt(sockets, 0);
    first.open();
    first.serverClose(4001, "nobody signed in");
    await settle();
    expect(hold).not.toHaveBeenCalled();
    session.change();
    const second = await socketAt(sockets, 1);
    second.open();
    bus.addChannel("sale.order");
    expect(second.subscribes.at(-1)).toEqual({ channels: ["sale.order"], last: 0 });
  });

  test("resumes across a reload: a new page subscribes from the last id the origin received", async () => {
    const sockets = fakeSockets();
    const first = await tab();
    first.bus.addChannel("sale.order");
    const socket = await socketAt(sockets, 0);
    socket.open();
    socket.receive([note(12)]);
    await first.stop();
    expect(socket.closedWith).toBe(1000);
    const second = await tab();
    second.bus.addChannel("sale.order");
    (await socketAt(sockets, 1)).open();
    expect(sockets[1]!.subscribes.at(-1)).toEqual({ channels: ["sale.order"], last: 12 });
  });

  test("stopping leaves nothing: no timer (a retry was waiting), no tab channel open, no monitor listener", async () => {
    const sockets = fakeSockets();
    vi.spyOn(browser, "locks", "get").mockReturnValue(undefined);
    const open = new Set<BroadcastChannel>();
    const Channel = globalThis.BroadcastChannel;
    class Counted extends Channel {
      constructor(name: string) {
        super(name);
        if (name.startsWith("owl-services:bus")) open.add(this);
      }
      override close() {
        open.delete(this);
        super.close();
      }
    }
    vi.spyOn(browser, "BroadcastChannel", "get").mockReturnValue(Counted);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const { env, bus, rpc } = await tab({ rpc: { shareConnectionState: true } });
      const monitor = rpc.layers.client.monitor as unknown as { listeners: Set<unknown> };
      const listenersBefore = monitor.listeners.size;
      bus.addChannel("sale.order");
      // The election's claim, then the socket: it fails before it opens, so a retry timer waits.
      await vi.advanceTimersByTimeAsync(DEFAULT_ELECTION_TIMING.claim);
      expect(sockets).toHaveLength(1);
      const timers = vi.getTimerCount();
      sockets[0]!.serverClose(1006);
      expect(vi.getTimerCount()).toBe(timers + 1);
      expect(open.size).toBe(1);
      (env.services.bus as unknown as { end(): void }).end();
      expect(vi.getTimerCount()).toBe(0);
      expect(open.size).toBe(0);
      expect(monitor.listeners.size).toBe(listenersBefore);
      expect(bus.state).toBe("disconnected");
    } finally {
      vi.useRealTimers();
    }
  });

  test("stopping closes the open socket with 1000 and leaves it no handler", async () => {
    const sockets = fakeSockets();
    const { bus, stop } = await tab();
    bus.addChannel("sale.order");
    const socket = await socketAt(sockets, 0);
    socket.open();
    await stop();
    expect(socket.closedWith).toBe(1000);
    expect([socket.onopen, socket.onmessage, socket.onclose]).toEqual([null, null, null]);
  });

  test("refuses bad arguments and unknown settings, naming them", async () => {
    fakeSockets();
    const { bus } = await tab();
    expect(() => bus.addChannel("")).toThrow('bus.addChannel: channel must be a non-empty string, got ""');
    expect(() => bus.subscribe("x", 3 as never)).toThrow('bus.subscribe "x": callback must be a function, got 3');
    await expect(busTab({ bus: { path: "/ws" } as never })).rejects.toThrow('config.bus: unknown setting "path"; valid settings are url');
    await expect(busTab({ bus: { url: "ftp://x/ws" } })).rejects.toThrow('config.bus.url must be a ws:, wss:, http: or https: URL, got "ftp://x/ws"');
  });
});
