/**
 * The outbox under faults, step by step: each IndexedDB operation (open, get, put, delete, commit,
 * quota) fails once, the server drops each reply after applying, the tab closes between each two
 * steps, and Web Locks and BroadcastChannel are missing. For each: no write lost, none applied
 * twice (counted on the server), every promise of a live tab settled.
 */
import { IDBFactory } from "fake-indexeddb";
import { afterAll, afterEach, describe, expect, test, vi } from "vitest";
import { browser } from "../../src/browser";
import { makeEnv, startServices, stopServices, type Env } from "../../src/env";
import { Outbox } from "../../src/services/outbox/outbox";
import { OutboxStore } from "../../src/services/outbox/outbox_store";
import { keep } from "../services/outbox/outbox_helpers";
import { notificationService } from "../../src/services/notification/notification_service";
import { getConnectionMonitor, rpcService } from "../../src/services/rpc/rpc_service";
import { makeServiceRegistry, setPageURL } from "../helpers";
import { FAULT_KINDS, injectFault, type Fault, type FaultKind } from "./faulty_idb";
import { emptyCounts, startFaultServer } from "./fault_server";

/** The first tab's writes; with `bare`, a second tab makes a fourth. */
const NOTES = ["w1", "w2", "w3"];
const counts = emptyCounts();

interface Tab {
  env: Env;
  outbox: Outbox;
  calls: Promise<unknown>[];
  settled: number;
}

async function openTab(channelName?: string): Promise<Tab> {
  const env = makeEnv({ rpc: { shareConnectionState: false, reconnectDelay: 10, reconnectMaxDelay: 20 } });
  await startServices(env, makeServiceRegistry({ notification: notificationService, rpc: rpcService }));
  const rpc = env.services.rpc;
  const outbox = new Outbox({ rpc, bus: env.bus, store: new OutboxStore(), owner: () => "prod|2", monitor: getConnectionMonitor(rpc), channelName, retryDelay: 10 });
  await outbox.start();
  return { env, outbox, calls: [], settled: 0 };
}

function write(tab: Tab, index: number): void {
  const call = keep(tab.outbox, "sale.order", "write", [[index + 1], { note: `w${index + 1}` }], {}, "prod|2");
  tab.calls.push(call);
  call.then(
    () => tab.settled++,
    () => tab.settled++,
  );
}

async function closeTab(tab: Tab): Promise<void> {
  tab.outbox.stop();
  getConnectionMonitor(tab.env.services.rpc)?.dispose();
  await stopServices(tab.env);
}

interface Scenario {
  kind?: FaultKind;
  nth?: number;
  /** The write request whose reply the server drops after applying it. */
  dropReply?: number;
  /** The tab closes after this many IndexedDB operations, and a new one starts on the same database. */
  closeAfter?: number;
  /** No Web Locks, no BroadcastChannel: two tabs, each writing. */
  bare?: boolean;
}

/** Runs one scenario to its end; returns the IndexedDB operations it saw. */
async function run(scenario: Scenario): Promise<Fault["seen"]> {
  const server = await startFaultServer();
  setPageURL(`${server.server.url}/odoo`);
  vi.spyOn(browser, "indexedDB", "get").mockReturnValue(new IDBFactory());
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
  if (scenario.dropReply) server.dropReplyOf.add(scenario.dropReply);
  if (scenario.bare) {
    vi.spyOn(browser, "locks", "get").mockReturnValue(undefined);
    vi.spyOn(browser, "BroadcastChannel", "get").mockReturnValue(undefined);
  }
  const fault = injectFault(scenario.kind, scenario.nth);
  const live: Tab[] = [];
  let closing: Promise<void> | undefined;
  try {
    const first = await openTab("owl-services:outbox-faults");
    live.push(first);
    fault.onOperation = (total) => {
      if (total !== scenario.closeAfter || closing) return;
      // The tab closes here; the next visit starts on the same database.
      closing = (async () => {
        live.splice(live.indexOf(first), 1);
        await closeTab(first);
        live.push(await openTab());
      })();
    };
    for (let index = 0; index < NOTES.length; index++) write(first, index);
    const notes = scenario.bare ? [...NOTES, "w4"] : NOTES;
    if (scenario.bare) {
      const second = await openTab();
      live.push(second);
      write(second, 3);
    }
    await vi.waitFor(
      async () => {
        await closing;
        expect([...server.applied.keys()].sort()).toEqual(notes);
        for (const tab of live) expect(tab.settled).toBe(tab.calls.length);
      },
      { timeout: 10_000, interval: 10 },
    ).catch(() => undefined);
    const lost = notes.filter((note) => !server.applied.has(note)).length;
    const doubled = [...server.applied.values()].filter((times) => times > 1).length;
    const unsettled = live.reduce((sum, tab) => sum + tab.calls.length - tab.settled, 0);
    counts.scenarios++;
    counts.writesApplied += [...server.applied.values()].reduce((sum, times) => sum + times, 0);
    counts.lost += lost;
    counts.doubled += doubled;
    counts.unsettled += unsettled;
    expect({ lost, doubled, unsettled }).toEqual({ lost: 0, doubled: 0, unsettled: 0 });
    return { ...fault.seen };
  } finally {
    await closing;
    for (const tab of live) await closeTab(tab);
    await server.server.close();
    // The next scenario wraps IndexedDB afresh.
    vi.restoreAllMocks();
  }
}

afterEach(() => vi.restoreAllMocks());

afterAll(() => {
  console.log(`outbox faults: ${JSON.stringify(counts)}`);
});

// Many scenarios a test, each a real server and env: a loaded machine needs time for them.
describe("the outbox under faults", { timeout: 120_000 }, () => {
  let clean: Fault["seen"];

  test("a clean run applies each write once and settles each promise", async () => {
    clean = await run({});
    expect(clean.put).toBeGreaterThan(0);
  });

  for (const kind of FAULT_KINDS) {
    test(`each ${kind} failing once, at every step: nothing lost, nothing doubled, every promise settled`, async () => {
      for (let nth = 1; nth <= clean[kind]; nth++) await run({ kind, nth });
    });
  }

  test("the server dropping each reply after its commit: nothing lost, nothing doubled, every promise settled", async () => {
    for (let index = 1; index <= NOTES.length; index++) await run({ dropReply: index });
  });

  test("the tab closing between each two steps: nothing lost, nothing doubled, the next tab's promises settled", async () => {
    const steps = clean.open + clean.get + clean.put + clean.delete + clean.commit;
    for (let step = 1; step <= steps; step++) await run({ closeAfter: step });
  });

  test("without Web Locks and BroadcastChannel, two tabs: nothing lost, nothing doubled, every promise settled", async () => {
    await run({ bare: true });
  });

  test("the counts add up", () => {
    expect(counts.scenarios).toBeGreaterThan(10);
    expect(counts).toMatchObject({ doubled: 0, lost: 0, unsettled: 0 });
  });
});
