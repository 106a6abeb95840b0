import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { browser } from "../../../../src/browser";
import { ConnectionMonitor, type ConnectionEvent } from "../../../../src/services/rpc/call/connection_monitor";
import { reconnectAt, reconnectDelay } from "../../../../src/services/rpc/call/rpc_options";
import { herdFigures, SCHEDULES } from "../../../../bench/lib/herd";

/** BroadcastChannel between "tabs" of this process: delivered later (as a real one), to the others only. */
class FakeChannel {
  static open = new Set<FakeChannel>();
  onmessage: ((event: MessageEvent) => void) | null = null;
  constructor(readonly name: string) {
    FakeChannel.open.add(this);
  }
  postMessage(data: unknown) {
    for (const other of FakeChannel.open) {
      if (other !== this && other.name === this.name) queueMicrotask(() => other.onmessage?.({ data } as MessageEvent));
    }
  }
  close() {
    FakeChannel.open.delete(this);
  }
}

/** Web Locks shared by the "tabs" of this process: `ifAvailable` requests only, granted a microtask later, as a real one. */
class FakeLocks {
  readonly held = new Set<string>();
  async request(name: string, _options: { ifAvailable: true }, callback: (lock: { name: string } | null) => unknown): Promise<unknown> {
    await Promise.resolve();
    if (this.held.has(name)) return callback(null);
    this.held.add(name);
    try {
      return await callback({ name });
    } finally {
      this.held.delete(name);
    }
  }
}

const options = { reconnectDelay: 1000, reconnectMaxDelay: 8000 };
const monitors: ConnectionMonitor[] = [];

function makeTab(probe: () => Promise<boolean>, channelName = "owl-test") {
  const monitor = new ConnectionMonitor(probe, { ...options, channelName });
  monitors.push(monitor);
  // The channel this tab opened (the newest), to cut it off from the others.
  const channel = channelName ? [...FakeChannel.open].at(-1) : undefined;
  const events: ConnectionEvent["type"][] = [];
  monitor.subscribe((event) => events.push(event.type));
  return { monitor, events, channel };
}

/** A probe that answers false until `freeze()`, then never answers: the tab's polling stops where it is. */
function freezableProbe() {
  let frozen = false;
  const probe = () => (frozen ? new Promise<boolean>(() => {}) : Promise.resolve(false));
  return { probe, freeze: () => (frozen = true) };
}

/** Lets probes resolve and messages travel (all synchronous or microtask-deep here). */
const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

/** Moves the fake clock in steps, letting probes settle between them as real time would. */
async function advance(ms: number, step = 250) {
  for (let done = 0; done < ms; done += step) {
    vi.advanceTimersByTime(Math.min(step, ms - done));
    await flush();
  }
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(browser, "BroadcastChannel", "get").mockReturnValue(FakeChannel as unknown as typeof BroadcastChannel);
  vi.spyOn(browser, "random").mockReturnValue(1);
});
afterEach(() => {
  monitors.splice(0).forEach((m) => {
    m.dispose();
  });
  FakeChannel.open.clear();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("reconnection schedule", () => {
  const options = { reconnectDelay: 2000, reconnectMaxDelay: 30000 };

  test("polls once in each window, the windows doubling from reconnectDelay up to reconnectMaxDelay", () => {
    // Phase 1: the end of each window, so the delays are the window lengths.
    const delays = Array.from({ length: 7 }, (_, attempt) => reconnectDelay(attempt, options, 1));
    expect(delays).toEqual([2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    // Phase 0.5: the middle of each window [0,2) [2,6) [6,14) [14,30) [30,60) s.
    expect(Array.from({ length: 5 }, (_, attempt) => reconnectAt(attempt, options, 0.5))).toEqual([1000, 4000, 10000, 22000, 45000]);
  });

  test("never leaves more than reconnectMaxDelay between two polls, whatever the phase or the attempt", () => {
    for (const phase of [0, 0.01, 0.3, 0.77, 0.999, 1]) {
      for (const attempt of [0, 1, 2, 3, 4, 5, 50, 10_000]) {
        const delay = reconnectDelay(attempt, options, phase);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(30000);
      }
    }
    expect(reconnectAt(10_000, options, 0)).toBe(30000 + (10_000 - 4) * 30000);
  });

  test("keeps 10,000 clients that lost the server together within the herd targets, against Odoo's schedule (bench/lib/herd.ts)", () => {
    const library = herdFigures(SCHEDULES.library);
    const odoo = herdFigures(SCHEDULES.odoo);
    // Odoo's schedule: every client polls at 2 s, and a 5-min outage goes unnoticed for minutes.
    expect(odoo.herd_peak_rps).toBe(10_000);
    expect(odoo.detect_p95_s["300s"]).toBeGreaterThan(60);
    expect(library.herd_peak_rps).toBeLessThanOrEqual(2500);
    expect(library.recovery_peak_rps).toBeLessThanOrEqual(500);
    expect(Object.values(library.detect_p95_s).every((seconds) => seconds <= 30)).toBe(true);
    expect(library.herd_total_polls).toBeLessThanOrEqual(1.5 * odoo.herd_total_polls);
  });
});

describe("ConnectionMonitor", () => {
  test("polls with growing delays until the probe answers, then restores and releases waiters", async () => {
    let up = false;
    const probe = vi.fn(async () => up);
    const { monitor, events } = makeTab(probe, "");
    monitor.reportLost();
    const online = monitor.whenOnline();
    for (const delay of [1000, 2000, 4000, 8000, 8000]) {
      vi.advanceTimersByTime(delay - 1);
      const before = probe.mock.calls.length;
      vi.advanceTimersByTime(1);
      expect(probe.mock.calls.length).toBe(before + 1);
      await flush();
    }
    up = true;
    vi.advanceTimersByTime(8000);
    await flush();
    await expect(online).resolves.toBeUndefined();
    expect(monitor.state).toBe("online");
    expect(events.filter((e) => e === "restored")).toHaveLength(1);
  });

  test("keeps its schedule through a Retry now, and skips the polls a slow probe let pass", async () => {
    vi.spyOn(browser, "random").mockReturnValue(0.5); // mid-window: polls due at 0.5, 2, 5, 11, 19 s
    let slow = false;
    const probe = vi.fn(() => (slow ? new Promise<boolean>((r) => setTimeout(() => r(false), 7000)) : Promise.resolve(false)));
    const { monitor } = makeTab(probe, "");
    const due: number[] = [];
    monitor.subscribe((event) => event.type === "scheduled" && due.push(event.at - Date.now()));
    const start = Date.now();
    monitor.reportLost();
    await advance(500);
    expect(probe).toHaveBeenCalledTimes(1);
    await advance(500);
    monitor.retryNow(); // at 1 s: polls at once, and the poll due at 2 s stays where it was
    await flush();
    expect(probe).toHaveBeenCalledTimes(2);
    expect(due.at(-1)).toBe(1000);
    slow = true;
    await advance(1000); // the 2-s poll hangs for 7 s: the 5-s poll is skipped, the 11-s one is next
    await advance(7000);
    expect(Date.now() - start).toBe(9000);
    expect(due.at(-1)).toBe(2000);
  });

  test("shares the loss between tabs: one polls, all show it and all recover together", async () => {
    const probeA = vi.fn(async () => false);
    const probeB = vi.fn(async () => false);
    const a = makeTab(probeA);
    const b = makeTab(probeB);
    a.monitor.reportLost();
    await flush();
    expect(b.monitor.state).toBe("lost");
    expect(b.events).toContain("lost");
    b.monitor.reportLost(); // B's own calls fail too: it does not start a second poller
    await advance(1000 + 2000 + 4000);
    expect(probeA).toHaveBeenCalledTimes(3);
    expect(probeB).not.toHaveBeenCalled();
    a.monitor.reportAlive();
    await flush();
    expect(b.monitor.state).toBe("online");
    expect(b.events.at(-1)).toBe("restored");
  });

  test("names itself to the other tabs with an id drawn through browser.randomUUID (no global read past browser.ts)", async () => {
    vi.spyOn(browser, "randomUUID").mockReturnValue("00000000-0000-4000-8000-000000000001");
    const heard: unknown[] = [];
    const listener = new FakeChannel("owl-test");
    listener.onmessage = (event) => heard.push(event.data);
    makeTab(async () => false).monitor.reportLost();
    await flush();
    expect(heard[0]).toMatchObject({ type: "lost", from: expect.stringMatching(/^00000000-0000-4000-8000-000000000001-\d+$/) });
  });

  test("an answer to a call sent before the loss does not end it, in this tab or another", async () => {
    const a = makeTab(async () => false);
    const b = makeTab(async () => false);
    const sentBefore = browser.now();
    await advance(500);
    a.monitor.reportLost();
    await flush();
    b.monitor.reportAlive(sentBefore); // B's call was on its way when the server went away
    a.monitor.reportAlive(sentBefore);
    await flush();
    expect([a.monitor.state, b.monitor.state]).toEqual(["lost", "lost"]);
    b.monitor.reportAlive(browser.now());
    await flush();
    expect([a.monitor.state, b.monitor.state]).toEqual(["online", "online"]);
  });

  test("ignores malformed messages from other tabs", async () => {
    const probe = vi.fn(async () => true);
    const tab = makeTab(probe);
    const stranger = new FakeChannel("owl-test");
    for (const data of [null, "lost", 42, { type: "lost" }, { type: "polling", from: "x", at: "soon" }, { type: "polling", from: "x", at: Number.NaN }, { type: "restored", from: "" }, { type: "lost", from: "x".repeat(65) }, { type: "explode", from: "x" }]) {
      stranger.postMessage(data);
    }
    await advance(20_000);
    expect(tab.monitor.state).toBe("online");
    expect(tab.events).toEqual([]);
    expect(probe).not.toHaveBeenCalled();
  });

  test("a forged loss, or a poller announcing itself far in the future, cannot keep a tab lost: it polls itself when nobody does", async () => {
    for (const forged of [{ type: "lost", from: "forger" }, { type: "polling", from: "forger", at: Date.now() + 10 ** 12 }]) {
      const probe = vi.fn(async () => true);
      const tab = makeTab(probe);
      new FakeChannel("owl-test").postMessage(forged);
      await flush();
      expect(tab.monitor.state).toBe("lost");
      // At the latest: the announced poll (believed up to the cap), the watchdog's cap and margin, then the first delay.
      await advance(options.reconnectMaxDelay * 2 + 5000 + options.reconnectDelay);
      expect(probe).toHaveBeenCalled();
      expect(tab.monitor.state).toBe("online");
      tab.monitor.dispose();
    }
  });

  test("hands polling to another tab when the polling tab closes", async () => {
    const probeA = vi.fn(async () => false);
    const probeB = vi.fn(async () => false);
    const a = makeTab(probeA);
    const b = makeTab(probeB);
    a.monitor.reportLost();
    await advance(3000);
    expect(b.monitor.state).toBe("lost");
    expect(probeB).not.toHaveBeenCalled();
    a.monitor.dispose(); // pagehide
    await flush(); // B hears the hand-over, then waits its own first delay
    await advance(1000);
    expect(probeB).toHaveBeenCalledTimes(1);
  });

  test("takes over when the polling tab goes quiet without saying goodbye", async () => {
    const probeB = vi.fn(async () => false);
    const probeA = freezableProbe();
    const a = makeTab(probeA.probe);
    const b = makeTab(probeB);
    a.monitor.reportLost();
    await flush();
    // Tab A freezes: its polling never goes on, and it sends nothing.
    probeA.freeze();
    a.channel!.close();
    // B waits out A's announced delay plus the longest one A could still take, and a margin.
    await advance(1000 + options.reconnectMaxDelay + 4000);
    expect(probeB).not.toHaveBeenCalled();
    expect(b.monitor.state).toBe("lost");
    await advance(1000 + options.reconnectDelay);
    expect(probeB).toHaveBeenCalled();
  });

  test("keeps one poller when two tabs lose the server at the same time", async () => {
    const probeA = vi.fn(async () => false);
    const probeB = vi.fn(async () => false);
    const a = makeTab(probeA);
    const b = makeTab(probeB);
    // Both fail before either hears the other: both start polling, then one must stand down.
    a.monitor.reportLost();
    b.monitor.reportLost();
    await advance(500);
    probeA.mockClear();
    probeB.mockClear();
    await advance(60_000);
    const pollers = [probeA, probeB].filter((p) => p.mock.calls.length > 0);
    expect(pollers).toHaveLength(1);
  });

  describe("with Web Locks", () => {
    let locks: FakeLocks;
    beforeEach(() => {
      locks = new FakeLocks();
      vi.spyOn(browser, "locks", "get").mockReturnValue(locks as unknown as LockManager);
    });

    test("elects one poller when two tabs lose the server at the same moment: the other never polls", async () => {
      const probeA = vi.fn(async () => false);
      const probeB = vi.fn(async () => false);
      const a = makeTab(probeA);
      const b = makeTab(probeB);
      // Both fail before either hears the other, and both poll as early as the schedule allows.
      vi.spyOn(browser, "random").mockReturnValue(0);
      a.monitor.reportLost();
      b.monitor.reportLost();
      await advance(60_000);
      expect(probeA.mock.calls.length).toBeGreaterThan(3);
      expect(probeB).not.toHaveBeenCalled();
      expect(b.monitor.state).toBe("lost");
      expect(locks.held).toEqual(new Set(["owl-test:poller"]));
    });

    test("releases the lock when the server is back, so the next loss elects anew", async () => {
      const probeA = vi.fn(async () => false);
      const probeB = vi.fn(async () => false);
      const a = makeTab(probeA);
      const b = makeTab(probeB);
      a.monitor.reportLost();
      await advance(2000);
      a.monitor.reportAlive();
      await flush();
      expect([a.monitor.state, b.monitor.state]).toEqual(["online", "online"]);
      expect(locks.held.size).toBe(0);
      b.monitor.reportLost();
      await advance(2000);
      expect(probeB).toHaveBeenCalled();
      expect(locks.held).toEqual(new Set(["owl-test:poller"]));
    });

    test("a tab that lost the election takes over when the elected one goes quiet", async () => {
      const probeB = vi.fn(async () => false);
      const probeA = freezableProbe();
      const a = makeTab(probeA.probe);
      const b = makeTab(probeB);
      a.monitor.reportLost();
      b.monitor.reportLost();
      await flush();
      // Tab A freezes with the lock: its polling never goes on, and it sends nothing.
      probeA.freeze();
      a.channel!.close();
      await advance(options.reconnectMaxDelay + 5000 + options.reconnectDelay + 1000);
      expect(probeB).toHaveBeenCalled();
    });
  });

  test("polls at once on the browser's online event, and ignores it while online", async () => {
    const probe = vi.fn(async () => true);
    const { monitor } = makeTab(probe, "");
    window.dispatchEvent(new Event("online"));
    expect(probe).not.toHaveBeenCalled();
    monitor.reportLost();
    window.dispatchEvent(new Event("online"));
    expect(probe).toHaveBeenCalledTimes(1);
    await flush();
    expect(monitor.state).toBe("online");
  });
});
