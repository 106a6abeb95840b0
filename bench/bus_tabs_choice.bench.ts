// One socket per origin (#26): the bus's leader tab (a Web Lock, the socket in one tab, relayed to
// the others over BroadcastChannel: src/services/bus/bus_link.ts, bus_tabs.ts, src/tab_election.ts)
// measured against a SharedWorker holding the socket for every tab (bench/page/bus_worker.ts, written
// for this bench only). Both in Chromium, 10 tabs of one browser profile, against the demo server in
// a process of its own behind the bench server's pipe, as bench/bus.bench.ts: another user ("sales")
// writes his quotations over HTTP; a `ws` socket of the bench's own, signed in as the same manager as
// the tabs, names each write's bus id (writes are sequential: the k-th write is the k-th new id) and
// is what there was to hear. Each tab notes when each notification reached it (bench/page/arrivals.ts).
import { loadavg } from "node:os";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { busStats, busTop, useBusBench, within } from "./lib/bus_bench";
import { allGot, closeSockets, epochNow, openSockets, type TimedSocket } from "./lib/bus_clients";
import { percentile } from "./lib/herd";
import { record, summary } from "./lib/results";

const TABS = 10;
const WRITES = 50;
const WARM_UP = 3;
const HANDOVERS = 20;
/** Writes made before each hand-over's close, and after it (the first of these is the one timed). */
const WRITES_BEFORE_CLOSE = 3;
const WRITES_AFTER_CLOSE = 5;
/** How long a tab is given to get a notification before it counts as missed. */
const MISSED_AFTER_MS = 10_000;
/** The bench's own socket on the server: not a tab's. */
const REFERENCE_SOCKETS = 1;
const QUICK = { rpc: { reconnectDelay: 500, reconnectMaxDelay: 1000 } };

type Design = "leader" | "worker";
/** The page's side of each design: `window.bench.bus` (the library) or `window.bench.sharedBus`. */
const API = { leader: "bus", worker: "sharedBus" } as const;

interface Tab {
  page: Page;
  /** The page's own open WebSockets (Playwright sees a page's, not a worker's): the leader tab's socket. */
  sockets: number;
  /** When Playwright saw each of them open (epoch ms). */
  socketOpens: number[];
  /** The `last` of each subscribe frame the page's socket sent. */
  subscribedFrom: number[];
  /** When the tab asked to listen, and when the socket was up for it (epoch ms). */
  listenedAt: number;
  connectedAt: number;
}

const bench = useBusBench("bus-choice-bench", 20);
let reference: TimedSocket;

beforeAll(async () => {
  [reference] = (await openSockets(bench.demo.url, bench.admin.cookie, 1, ["sale.order"], await busTop(bench))) as [TimedSocket];
}, 60_000);

afterAll(async () => {
  if (reference) await closeSockets([reference]);
});

const idsAfter = (base: number) => [...reference.got.keys()].filter((id) => id > base).sort((a, b) => a - b);
const topId = () => Math.max(0, ...reference.got.keys());

let written = 0;
/** Marc Demo writes the note of one of his quotations; resolves with when it was sent and answered. */
async function write(): Promise<{ sent: number; answered: number }> {
  const order = bench.salesOrders[++written % bench.salesOrders.length]!;
  const sent = epochNow();
  await bench.sales.call("sale.order", "write", [[order], { note: `Bus choice bench ${written}` }]);
  return { sent, answered: epochNow() };
}

/** The bus ids of writes made one after the other since `base`, once the reference socket has them all. */
async function idsOf(base: number, writes: number): Promise<number[]> {
  await allGot([reference], () => idsAfter(base).length >= writes, 30_000);
  const ids = idsAfter(base);
  if (ids.length !== writes) throw new Error(`${writes} writes gave ${ids.length} notifications on sale.order (one each expected)`);
  return ids;
}

/** When each of `ids` reached each tab (a row per tab), null for a notification a tab did not get within `timeout`. */
function arrivals(design: Design, tabs: Tab[], ids: number[], timeout = MISSED_AFTER_MS): Promise<(number | null)[][]> {
  return Promise.all(tabs.map(({ page }) => page.evaluate(([api, ids, timeout]) => Promise.all(ids.map((id) => window.bench[api].arrivalOf(id, timeout))), [API[design], ids, timeout] as const)));
}

/** Signs the profile in as the manager, as a page would, before any tab opens (its cookie is the context's). */
async function signIn(context: BrowserContext): Promise<void> {
  const reply = await context.request.post(`${bench.server.url}web/session/authenticate`, { data: { jsonrpc: "2.0", method: "call", params: { db: "demo", login: "admin", password: "admin" }, id: 1 } });
  const body = (await reply.json()) as { result?: { uid?: number } };
  if (!body.result?.uid) throw new Error(`the bench could not sign in: ${JSON.stringify(body).slice(0, 300)}`);
}

/** A tab of `design` on the benchmark page, listening to sale.order; resolves once the socket is up for it. */
async function openTab(context: BrowserContext, design: Design): Promise<Tab> {
  const page = await context.newPage();
  const tab: Tab = { page, sockets: 0, socketOpens: [], subscribedFrom: [], listenedAt: 0, connectedAt: 0 };
  page.on("websocket", (socket) => {
    tab.sockets++;
    tab.socketOpens.push(epochNow());
    socket.on("framesent", ({ payload }) => {
      const frame = JSON.parse(String(payload)) as { data?: { last?: number } };
      if (typeof frame.data?.last === "number") tab.subscribedFrom.push(frame.data.last);
    });
    socket.on("close", () => tab.sockets--);
  });
  await page.goto(`${bench.server.url}?${design === "leader" ? "bus" : "worker"}&config=${encodeURIComponent(JSON.stringify(QUICK))}`);
  await page.waitForFunction(() => window.bench?.ready === true, null, { timeout: 30_000 });
  tab.listenedAt = epochNow();
  tab.connectedAt = await within(page.evaluate((api) => window.bench[api].listen(), API[design]), 30_000, `a ${design} tab's bus did not connect`);
  return tab;
}

/** The most sockets the server saw over 2 s, the bench's own left out. */
async function tabSockets(): Promise<number> {
  let most = 0;
  for (let i = 0; i < 10; i++) {
    most = Math.max(most, (await busStats(bench)).sockets);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return most - REFERENCE_SOCKETS;
}

const ms = (values: number[]) => ({ p50: Math.round(percentile(values, 50)), p95: Math.round(percentile(values, 95)), max: Math.round(Math.max(...values)) });

/**
 * Closes the tab that holds the socket (the leader tab's; for the worker, the first tab: the worker
 * lives on) while "sales" writes one write after another: some before, some while it closes, then
 * WRITES_AFTER_CLOSE after it. The first write sent after the close returned is the one timed.
 */
async function handOver(design: Design, tabs: Tab[]) {
  const holders = tabs.filter((tab) => tab.sockets > 0);
  if (design === "leader" && holders.length !== 1) throw new Error(`expected one leader tab with a socket, found ${holders.length}`);
  if (design === "worker" && holders.length) throw new Error(`a tab of the worker design has a socket of its own (${holders.length})`);
  const closing = design === "leader" ? holders[0]! : tabs[0]!;
  const remaining = tabs.filter((tab) => tab !== closing);
  const base = topId();
  const sent: number[] = [];
  const timedWrite = async () => sent.push((await write()).sent);
  for (let i = 0; i < WRITES_BEFORE_CLOSE; i++) await timedWrite();
  const closeAt = epochNow();
  let closedAt = 0;
  const closed = closing.page.close().then(() => (closedAt = epochNow()));
  // Writes go on, one after the other, while the tab closes (at least one), then some more after.
  while (!closedAt) await timedWrite();
  await closed;
  const timed = sent.length;
  for (let i = 0; i < WRITES_AFTER_CLOSE; i++) await timedWrite();
  const ids = await idsOf(base, sent.length);
  const got = await arrivals(design, remaining, ids);
  const missed = got.flat().filter((at) => at === null).length;
  const markerAt = got.map((row) => row[timed]);
  const allHaveMarker = markerAt.every((at) => at !== null) ? Math.max(...(markerAt as number[])) : Number.NaN;
  // The longest any notification of the round (those written while the tab closed too) came to the
  // last tab after the bench's own socket had it: the gap a hand-over leaves, the write's time taken out.
  const behind = ids.map((id, index) => Math.max(...got.map((row) => row[index] ?? Number.NaN)) - reference.got.get(id)!);
  tabs.splice(tabs.indexOf(closing), 1);
  const reopened = remaining.flatMap((tab) => tab.socketOpens).filter((at) => at > closeAt);
  // What the tabs say when the leader tab's hand-over did not open exactly one socket: kept with the round.
  const noHandOver =
    design === "leader" && reopened.length !== 1
      ? {
          sockets_opened_after_close: reopened.length,
          open_sockets_in_pages: remaining.map((tab) => tab.sockets),
          states: await Promise.all(remaining.map(({ page }) => page.evaluate(() => window.bench.bus.state()))),
          locks: await remaining[0]!.page.evaluate(async () => {
            const { held = [], pending = [] } = await navigator.locks.query();
            return { held: held.map((lock) => lock.name), pending: pending.map((lock) => lock.name) };
          }),
        }
      : undefined;
  const newLeader = remaining.find((tab) => tab.socketOpens.some((at) => at > closeAt));
  // Each notification some tab never got: its id, how many tabs missed it, and when its write was sent against the close.
  const missedIds = ids.flatMap((id, index) => {
    const tabs = got.filter((row) => row[index] === null).length;
    return tabs ? [{ id, tabs, write_sent_after_close_ms: Math.round(sent[index]! - closeAt) }] : [];
  });
  return {
    // The leader tab's hand-over itself: the close until the next tab's page opened the socket.
    new_socket_after_close_ms: design === "leader" && reopened.length ? Math.round(Math.min(...reopened) - closeAt) : null,
    from_close_ms: Math.round(allHaveMarker - closeAt),
    from_write_ms: Math.round(allHaveMarker - sent[timed]!),
    worst_behind_bench_socket_ms: Math.round(Math.max(...behind)),
    close_took_ms: Math.round(closedAt - closeAt),
    writes: sent.length,
    written_while_closing: timed - WRITES_BEFORE_CLOSE,
    missed,
    missed_ids: missedIds,
    round_ids: [ids[0], ids.at(-1)],
    new_leader_subscribed_from: newLeader?.subscribedFrom.at(-1) ?? null,
    tabs_left: remaining.length,
    ...(noHandOver ? { no_hand_over: noHandOver } : {}),
  };
}

/** Every figure of one design, on a profile of its own. */
async function measure(design: Design) {
  await expect.poll(async () => (await busStats(bench)).sockets, { timeout: 30_000 }).toBe(REFERENCE_SOCKETS);
  const loadBefore = loadavg()[0]!;
  const context = await bench.browser.newContext();
  try {
    return await measureIn(context, design, loadBefore);
  } finally {
    await context.close();
  }
}

/** The figures of `design` in `context`: a cold start of 10 tabs, the sockets, delivery, then the hand-overs. */
async function measureIn(context: BrowserContext, design: Design, loadBefore: number) {
  await signIn(context);

  // A cold start: 10 tabs opened at once, until the socket is up for the last of them, then a first write.
  const coldStart = epochNow();
  const tabs = await Promise.all(Array.from({ length: TABS }, () => openTab(context, design)));
  const allConnected = Math.max(...tabs.map((tab) => tab.connectedAt));
  const listenToConnected = Math.max(...tabs.map((tab) => tab.connectedAt - tab.listenedAt));
  const coldBase = topId();
  const firstWrite = await write();
  const firstRow = (await arrivals(design, tabs, await idsOf(coldBase, 1))).map(([at]) => at);
  if (firstRow.some((at) => at === null)) throw new Error(`a ${design} tab missed the first notification after its cold start`);

  // Sockets the server sees.
  const sockets = await tabSockets();
  const pageSockets = tabs.reduce((sum, tab) => sum + tab.sockets, 0);

  // Delivery to the last of the 10 tabs, one write at a time.
  const fromSent: number[] = [];
  const fromAnswered: number[] = [];
  const firstToLast: number[] = [];
  const referenceFromSent: number[] = [];
  const behindReference: number[] = [];
  for (let i = -WARM_UP; i < WRITES; i++) {
    const base = topId();
    const { sent, answered } = await write();
    const [id] = (await idsOf(base, 1)) as [number];
    const row = (await arrivals(design, tabs, [id])).map(([at]) => at);
    if (row.some((at) => at === null)) throw new Error(`a ${design} tab missed notification ${id} (write ${i})`);
    if (i < 0) continue;
    const times = row as number[];
    fromSent.push(Math.max(...times) - sent);
    fromAnswered.push(Math.max(...times) - answered);
    firstToLast.push(Math.max(...times) - Math.min(...times));
    referenceFromSent.push(reference.got.get(id)! - sent);
    behindReference.push(Math.max(...times) - reference.got.get(id)!);
  }

  // Hand-over, HANDOVERS times, a new tab opened after each to be 10 again.
  const handOvers = [];
  for (let round = 0; round < HANDOVERS; round++) {
    handOvers.push(await handOver(design, tabs));
    tabs.push(await openTab(context, design));
  }
  const socketsAfter = await tabSockets();

  const latency = ms(fromSent);
  const figures = {
    [`bus_choice_${design}_sockets`]: sockets,
    [`bus_choice_${design}_p50_ms`]: latency.p50,
    [`bus_choice_${design}_p95_ms`]: latency.p95,
    [`bus_choice_${design}_handover_ms`]: summary(handOvers.map((round) => round.from_close_ms), 0).median,
    [`bus_choice_${design}_missed`]: handOvers.reduce((sum, round) => sum + round.missed, 0),
    [`bus_choice_${design}_cold_start_ms`]: Math.round(allConnected - coldStart),
    [`bus_choice_${design}_detail`]: {
      tabs: TABS,
      writes: WRITES,
      // The machine's 1-min load average (2 cores, shared) as the design's run began and ended.
      load_average: [Number(loadBefore.toFixed(1)), Number(loadavg()[0]!.toFixed(1))],
      sockets_on_server: sockets,
      sockets_in_pages: pageSockets,
      sockets_on_server_after_handovers: socketsAfter,
      to_last_tab_from_write_sent_ms: latency,
      to_last_tab_from_write_answered_ms: ms(fromAnswered),
      first_to_last_tab_ms: ms(firstToLast),
      bench_socket_from_write_sent_ms: ms(referenceFromSent),
      to_last_tab_behind_bench_socket_ms: ms(behindReference),
      handovers: handOvers,
      cold_start: {
        all_connected_ms: Math.round(allConnected - coldStart),
        listen_to_connected_max_ms: Math.round(listenToConnected),
        first_write_to_last_tab_ms: Math.round(Math.max(...(firstRow as number[])) - firstWrite.sent),
      },
    },
  };
  return figures;
}

for (const design of ["leader", "worker"] as const) {
  test(`${design === "leader" ? "leader tab" : "SharedWorker"}: sockets, delivery to the last of ${TABS} tabs, hand-over, cold start`, async () => {
    const figures = await measure(design);
    record(figures);
    console.log(JSON.stringify(figures, null, 2));
    expect(figures[`bus_choice_${design}_missed`]).toBe(0);
  });
}
