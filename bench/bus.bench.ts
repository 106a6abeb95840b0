// The bus (#26), from real runs: the demo server in a process of its own (bench/lib/demo_server_process.ts)
// on a PGlite folder of its own, seeded at start; another user ("sales", Marc Demo) writes his orders over
// HTTP; the manager listens, from `ws` sockets here (fan-out, memory) or from the benchmark page
// in Chromium (`?bus`: the library's bus and live reads), served by the bench server, which pipes
// /web/* and /websocket to the demo server and can take it away (`down`, `cutSockets()`).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchChromium } from "../tests/browser/browser_helpers";
import { OdooClient } from "../tests/demo/server/demo_server_helpers";
import { startBenchServer, type BenchServer } from "./lib/bench_server";
import { allGot, closeSockets, epochNow, openSockets, startBusServer, type TimedSocket } from "./lib/bus_clients";
import type { ServerProcess } from "./lib/server_process";
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

let dataDir: string | undefined;
let demo: ServerProcess;
let server: BenchServer;
let browser: Browser;
let admin: OdooClient;
let sales: OdooClient;
/** Marc Demo's quotations: what "another user" writes. */
let salesOrders: number[];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "bus-bench-"));
  demo = await startBusServer(dataDir, 2 * FANOUT_SOCKETS);
  [server, browser] = await Promise.all([startBenchServer({ proxy: demo.url }), launchChromium()]);
  admin = new OdooClient(demo.url);
  sales = new OdooClient(demo.url);
  await admin.login("admin");
  const { uid } = (await sales.login("sales")) as { uid: number };
  salesOrders = await sales.call<number[]>("sale.order", "search", [[["user_id", "=", uid], ["state", "=", "draft"]]], { limit: 8, order: "id" });
  if (salesOrders.length < 2) throw new Error(`the bus bench needs quotations of Marc Demo to write, found ${JSON.stringify(salesOrders)}`);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await demo?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

let written = 0;
/** Marc Demo writes the note of one of his quotations (the next in turn); resolves when the server answered. */
function write(note = `Bus bench ${++written}`, order = salesOrders[written % salesOrders.length]!): Promise<unknown> {
  return sales.call("sale.order", "write", [[order], { note }]);
}

/** The highest bus id given out: what a socket asking from the future is told (a reset at that id). */
async function busTop(): Promise<number> {
  const [probe] = await openSockets(demo.url, admin.cookie, 1, ["sale.order"], Number.MAX_SAFE_INTEGER);
  await allGot([probe!], (socket) => socket.got.size > 0, 30_000);
  await closeSockets([probe!]);
  return [...probe!.got.keys()][0]!;
}

async function busStats(): Promise<{ sockets: number; channels: number; notifications: number }> {
  const reply = await admin.post<{ sockets: number; channels: number; notifications: number }>("/demo/bus_stats");
  if (!reply.body.result) throw new Error(`/demo/bus_stats answered ${JSON.stringify(reply.body)}`);
  return reply.body.result;
}

/** `promise`, or a rejection naming `what` after `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: nothing after ${ms / 1000} s`)), ms))]);
}

/** A tab of `context` on the benchmark page with the bus, signed in as the manager, listening to sale.order. */
async function busTab(context: BrowserContext, config: object, signIn = true): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.url}?bus&config=${encodeURIComponent(JSON.stringify(config))}`);
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
  const top = await busTop();
  const warm = await openSockets(demo.url, admin.cookie, 20, ["sale.order"], top);
  await write();
  await allGot(warm, (socket) => socket.got.size > 0);
  await closeSockets(warm);
  const heapBefore = await demo.ask("heap");
  const sockets = await openSockets(demo.url, admin.cookie, FANOUT_SOCKETS, ["sale.order"], await busTop());
  // Every socket subscribed: a first notification reached them all.
  await write();
  await allGot(sockets, (socket) => socket.got.size > 0);
  const heapAfter = await demo.ask("heap");
  const openOnServer = (await busStats()).sockets;
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
  const context = await browser.newContext();
  const page = await busTab(context, QUICK);
  const order = salesOrders[0]!;
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
  await expect.poll(async () => (await busStats()).sockets, { timeout: 30_000 }).toBe(0);
  const context = await browser.newContext();
  const first = await busTab(context, QUICK);
  const others = await Promise.all(Array.from({ length: TABS - 1 }, () => busTab(context, QUICK, false)));
  const states = await Promise.all([first, ...others].map((page) => page.evaluate(() => window.bench.bus.state())));
  // The most sockets seen over 2 s, once every tab says it is connected.
  let sockets = 0;
  for (let i = 0; i < 10; i++) {
    sockets = Math.max(sockets, (await busStats()).sockets);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await context.close();
  const figures = { bus_sockets_for_10_tabs: sockets, bus_tabs_detail: { tabs: TABS, states } };
  record(figures);
  console.log(JSON.stringify(figures, null, 2));
  expect(states.every((state) => state === "connected")).toBe(true);
});

test(`notifications a tab never gets of ${MISSED_WRITES} writes made while its socket is cut (at least ${DISCONNECTION_MS / 1000} s)`, async () => {
  const context = await browser.newContext();
  const page = await busTab(context, QUICK);
  // A socket that stays: what there was to hear.
  const [reference] = await openSockets(demo.url, admin.cookie, 1, ["sale.order"], await busTop());
  await write();
  await allGot([reference!], (socket) => socket.got.size > 0);
  const heardBefore = new Set(reference!.got.keys());
  const cut = epochNow();
  server.down = true;
  server.cutSockets();
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
  server.down = false;
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
  const contexts = await Promise.all(Array.from({ length: DETECT_BROWSERS }, () => browser.newContext()));
  const pages = await Promise.all(contexts.map((context) => busTab(context, {})));
  const detect: number[] = [];
  const noticed: number[] = [];
  for (let round = 0; round < DETECT_ROUNDS; round++) {
    const cut = epochNow();
    server.down = true;
    server.cutSockets();
    await new Promise((resolve) => setTimeout(resolve, DISCONNECTION_MS));
    const back = epochNow();
    server.down = false;
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
