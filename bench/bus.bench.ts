// The bus (#26), from real runs: the demo server in a process of its own (bench/lib/demo_server_process.ts)
// on a PGlite folder of its own, seeded at start; another user ("sales", Marc Demo) writes his orders over
// HTTP; the manager listens, from `ws` sockets here (fan-out, memory) or from the benchmark page
// in Chromium (`?bus`: the library's bus and live reads), served by the bench server, which pipes
// /web/* and /websocket to the demo server and can take it away (`down`, `cutSockets()`).
import type { BrowserContext, Page } from "playwright-core";
import { expect, test } from "vitest";
import { busStats, busTop, useBusBench, within } from "./lib/bus_bench";
import { allGot, closeSockets, epochNow, openSockets, type TimedSocket } from "./lib/bus_clients";
import { percentile } from "./lib/herd";
import { record, summary } from "./lib/results";

/** Short reconnection windows where the figure is not about them (the detection figure keeps the defaults). */
const QUICK = { rpc: { reconnectDelay: 500, reconnectMaxDelay: 1000 } };
const LIVE_WRITES = 50;
const FANOUT_SOCKETS = 1000;
const FANOUT_ROUNDS = 5;
const TABS = 10;
const MISSED_WRITES = 1000;
const DISCONNECTION_MS = 5000;
const DETECT_BROWSERS = 8;
const DETECT_ROUNDS = 3;

const bench = useBusBench("bus-bench", 2 * FANOUT_SOCKETS);

let written = 0;
/** Marc Demo writes the note of one of his quotations (the next in turn); resolves when the server answered. */
function write(note = `Bus bench ${++written}`, order = bench.salesOrders[written % bench.salesOrders.length]!): Promise<unknown> {
  return bench.sales.call("sale.order", "write", [[order], { note }]);
}

/** A tab of `context` on the benchmark page with the bus, signed in as the manager, listening to sale.order. */
async function busTab(context: BrowserContext, config: object, signIn = true): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${bench.server.url}?bus&config=${encodeURIComponent(JSON.stringify(config))}`);
  await page.waitForFunction(() => window.bench?.ready === true, null, { timeout: 30_000 });
  if (signIn) {
    await page.evaluate(async () => {
      await window.bench.signIn();
      await window.bench.env.services.session.refresh();
    });
  }
  await within(page.evaluate(() => window.bench.bus.listen()), 30_000, "the page's bus did not connect");
  return page;
}

/** The server's heap per idle socket, then the p99 of one notification's fan-out to all of them. */
test(`fan-out of one notification to ${FANOUT_SOCKETS} sockets, and the server's heap per idle socket`, async () => {
  const top = await busTop(bench);
  const warm = await openSockets(bench.demo.url, bench.admin.cookie, 20, ["sale.order"], top);
  await write();
  await allGot(warm, (socket) => socket.got.size > 0);
  await closeSockets(warm);
  const heapBefore = await bench.demo.ask("heap");
  const sockets = await openSockets(bench.demo.url, bench.admin.cookie, FANOUT_SOCKETS, ["sale.order"], await busTop(bench));
  // Every socket subscribed: a first notification reached them all.
  await write();
  await allGot(sockets, (socket) => socket.got.size > 0);
  const heapAfter = await bench.demo.ask("heap");
  const openOnServer = (await busStats(bench)).sockets;
  const p99s: number[] = [];
  const fromAnswer: number[] = [];
  const writeMs: number[] = [];
  for (let round = 0; round < FANOUT_ROUNDS; round++) {
    const seen = (socket: TimedSocket) => socket.got.size;
    const before = sockets.map(seen);
    const sent = epochNow();
    await write();
    const answered = epochNow();
    await allGot(sockets, (socket) => seen(socket) > before[sockets.indexOf(socket)]!);
    const id = Math.max(...sockets[0]!.got.keys());
    const lags = sockets.map((socket) => socket.got.get(id)! - sent);
    p99s.push(percentile(lags, 99));
    fromAnswer.push(percentile(lags, 99) - (answered - sent));
    writeMs.push(answered - sent);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await closeSockets(sockets);
  const figures = {
    bus_fanout_p99_ms: summary(p99s, 1).median,
    bus_bytes_per_idle_socket: Math.round((heapAfter - heapBefore) / FANOUT_SOCKETS),
    bus_fanout_detail: {
      sockets: FANOUT_SOCKETS,
      sockets_on_server: openOnServer,
      rounds: FANOUT_ROUNDS,
      p99_ms_from_write_sent: summary(p99s, 1),
      p99_ms_from_write_answered: summary(fromAnswer, 1),
      write_round_trip_ms: summary(writeMs, 1),
      server: "demo server in its own process, PGlite; sockets in the bench's process, loopback",
      heap_bytes: { before: heapBefore, with_idle_sockets: heapAfter },
    },
  };
  record(figures);
  console.log(JSON.stringify(figures, null, 2));
  expect(openOnServer).toBeGreaterThanOrEqual(FANOUT_SOCKETS);
});

test(`live read: another user's write to onUpdate in a tab, ${LIVE_WRITES} writes one at a time`, async () => {
  const context = await bench.browser.newContext();
  const page = await busTab(context, QUICK);
  const order = bench.salesOrders[0]!;
  await write("Live bench start", order);
  await page.evaluate((id) => window.bench.bus.liveRead(id), order);
  const fromSent: number[] = [];
  const fromAnswer: number[] = [];
  for (let i = -3; i < LIVE_WRITES; i++) {
    const note = `Live bench ${i}`;
    await page.evaluate((awaited) => window.bench.bus.expect(awaited), note);
    const sent = epochNow();
    await write(note, order);
    const answered = epochNow();
    const updated = await within(page.evaluate(() => window.bench.bus.updated()), 30_000, `onUpdate with note ${note}`);
    if (i < 0) continue; // warm-up
    fromSent.push(updated! - sent);
    fromAnswer.push(updated! - answered);
  }
  await context.close();
  const figures = {
    live_update_p50_ms: Math.round(percentile(fromSent, 50)),
    live_update_p95_ms: Math.round(percentile(fromSent, 95)),
    live_update_detail: {
      writes: LIVE_WRITES,
      from_write_sent_ms: { p50: Math.round(percentile(fromSent, 50)), p95: Math.round(percentile(fromSent, 95)), max: Math.round(Math.max(...fromSent)) },
      from_write_answered_ms: { p50: Math.round(percentile(fromAnswer, 50)), p95: Math.round(percentile(fromAnswer, 95)) },
      path: "sales writes sale.order.note over HTTP → demo server (own process, PGlite) → /websocket → bench server pipe → Chromium tab → live read's re-read (after its 100-ms coalescing delay) → onUpdate",
    },
  };
  record(figures);
  console.log(JSON.stringify(figures, null, 2));
  expect(fromSent).toHaveLength(LIVE_WRITES);
});

test(`sockets on the server for ${TABS} tabs of one browser profile`, async () => {
  await expect.poll(async () => (await busStats(bench)).sockets, { timeout: 30_000 }).toBe(0);
  const context = await bench.browser.newContext();
  const first = await busTab(context, QUICK);
  const others = await Promise.all(Array.from({ length: TABS - 1 }, () => busTab(context, QUICK, false)));
  const states = await Promise.all([first, ...others].map((page) => page.evaluate(() => window.bench.bus.state())));
  // The most sockets seen over 2 s, once every tab says it is connected.
  let sockets = 0;
  for (let i = 0; i < 10; i++) {
    sockets = Math.max(sockets, (await busStats(bench)).sockets);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await context.close();
  const figures = { bus_sockets_for_10_tabs: sockets, bus_tabs_detail: { tabs: TABS, states } };
  record(figures);
  console.log(JSON.stringify(figures, null, 2));
  expect(states.every((state) => state === "connected")).toBe(true);
});

test(`notifications a tab never gets of ${MISSED_WRITES} writes made while its socket is cut (at least ${DISCONNECTION_MS / 1000} s)`, async () => {
  const context = await bench.browser.newContext();
  const page = await busTab(context, QUICK);
  // A socket that stays: what there was to hear.
  const [reference] = await openSockets(bench.demo.url, bench.admin.cookie, 1, ["sale.order"], await busTop(bench));
  await write();
  await allGot([reference!], (socket) => socket.got.size > 0);
  const heardBefore = new Set(reference!.got.keys());
  const cut = epochNow();
  bench.server.down = true;
  bench.server.cutSockets();
  await expect.poll(() => page.evaluate(() => window.bench.bus.state()), { timeout: 30_000 }).not.toBe("connected");
  let next = 0;
  const writer = async () => {
    while (next < MISSED_WRITES) {
      next++;
      await write();
    }
  };
  await Promise.all(Array.from({ length: 8 }, writer));
  const writesMs = epochNow() - cut;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, DISCONNECTION_MS - writesMs)));
  const back = epochNow();
  bench.server.down = false;
  await allGot([reference!], (socket) => socket.got.size >= heardBefore.size + MISSED_WRITES);
  const expected = [...reference!.got.keys()].filter((id) => !heardBefore.has(id));
  const missing = async () => {
    const got = new Set(await page.evaluate(() => window.bench.bus.received()));
    return expected.filter((id) => !got.has(id)).length;
  };
  await expect.poll(missing, { timeout: 60_000, interval: 250 }).toBe(0).catch(() => undefined);
  const missed = await missing();
  const caughtUpMs = epochNow() - back;
  const events = await page.evaluate(() => window.bench.bus.events());
  await closeSockets([reference!]);
  await context.close();
  const figures = {
    bus_missed_after_reconnect: missed,
    bus_reconnect_detail: {
      writes: MISSED_WRITES,
      notifications_expected: expected.length,
      disconnected_ms: Math.round(back - cut),
      writes_took_ms: Math.round(writesMs),
      back_to_all_received_ms: Math.round(caughtUpMs),
      resets: events.resets,
      how: "the bench server cut the tab's socket and refused /websocket and /web/* (503) until the writes were done (8 at a time) and 5 s had passed",
    },
  };
  record(figures);
  console.log(JSON.stringify(figures, null, 2));
  expect(expected).toHaveLength(MISSED_WRITES);
});

test(`time to notice the server is back after a ${DISCONNECTION_MS / 1000}-s outage, with the bus's socket open (default schedule)`, async () => {
  const contexts = await Promise.all(Array.from({ length: DETECT_BROWSERS }, () => bench.browser.newContext()));
  const pages = await Promise.all(contexts.map((context) => busTab(context, {})));
  const detect: number[] = [];
  const noticed: number[] = [];
  for (let round = 0; round < DETECT_ROUNDS; round++) {
    const cut = epochNow();
    bench.server.down = true;
    bench.server.cutSockets();
    await new Promise((resolve) => setTimeout(resolve, DISCONNECTION_MS));
    const back = epochNow();
    bench.server.down = false;
    const reconnected = async (page: Page) => {
      await page.waitForFunction((after) => window.bench.bus.events().connects.some((at) => at > after), back, { timeout: 120_000, polling: 50 });
      return page.evaluate(() => window.bench.bus.events());
    };
    const events = await Promise.all(pages.map(reconnected));
    for (const { connects, disconnects } of events) {
      detect.push(connects.find((at) => at > back)! - back);
      noticed.push(disconnects.find((at) => at > cut)! - cut);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  await Promise.all(contexts.map((context) => context.close()));
  const figures = {
    detect_p95_s_with_bus: { "5s": Number((percentile(detect, 95) / 1000).toFixed(1)) },
    detect_with_bus_detail: {
      browsers: DETECT_BROWSERS,
      rounds: DETECT_ROUNDS,
      back_to_bus_connect_s: summary(detect.map((ms) => ms / 1000), 1),
      loss_noticed_after_cut_ms: summary(noticed, 0),
      how: "8 browser profiles (one socket each) on the default reconnection schedule; the bench server cut the sockets and answered 503 for 5 s; figure: p95 of server back → BUS:CONNECT",
    },
  };
  record(figures);
  console.log(JSON.stringify(figures, null, 2));
  expect(detect).toHaveLength(DETECT_BROWSERS * DETECT_ROUNDS);
});
