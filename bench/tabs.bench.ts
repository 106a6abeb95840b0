// Cross-tab polling, in Chromium: 10 tabs of one origin lose the server together (their calls get
// 503), and the heartbeat polls the server receives per second are counted, against 1 tab alone.
// The tabs share the connection state over BroadcastChannel, so one of them polls for all.
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchChromium } from "../tests/browser/browser_helpers";
import { startBenchServer, type BenchServer } from "./lib/bench_server";
import { record } from "./lib/results";

/** Short windows (0.5 s, then 1 s) so a 20-s window holds enough polls to compare. */
const CONFIG = { rpc: { reconnectDelay: 500, reconnectMaxDelay: 1000 } };
const WINDOW_MS = 20_000;
let server: BenchServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startBenchServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Polls per second while `tabs` tabs are disconnected, counted over WINDOW_MS once all have lost the server. */
async function pollsPerSecond(tabs: number): Promise<number> {
  const context: BrowserContext = await browser.newContext();
  const url = `${server.url}?config=${encodeURIComponent(JSON.stringify(CONFIG))}`;
  const pages = await Promise.all(Array.from({ length: tabs }, () => context.newPage()));
  await Promise.all(pages.map((page) => page.goto(url)));
  await Promise.all(pages.map((page) => page.waitForFunction(() => window.bench?.ready === true, null, { timeout: 30_000 })));
  server.down = true;
  const outcomes = await Promise.all(pages.map((page) => page.evaluate(() => window.bench.loseConnection())));
  if (outcomes.some((name) => name !== "ConnectionLostError")) throw new Error(`expected every tab to lose the connection, got ${outcomes.join(", ")}`);
  await new Promise((resolve) => setTimeout(resolve, 2000)); // the tabs settle who polls
  const from = performance.now();
  const counted = server.polls.length;
  await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
  const polls = server.polls.slice(counted).filter((t) => t >= from).length;
  server.down = false;
  await context.close();
  return polls / (WINDOW_MS / 1000);
}

test("heartbeat polls per second with 10 tabs of one origin vs 1 tab", async () => {
  const one = await pollsPerSecond(1);
  const ten = await pollsPerSecond(10);
  const figures = { tabs10_poll_ratio: Number((ten / one).toFixed(2)), tabs_detail: { window_s: WINDOW_MS / 1000, config: CONFIG.rpc, polls_per_s_1_tab: one, polls_per_s_10_tabs: ten } };
  record(figures);
  console.log(JSON.stringify(figures, null, 2));
  expect(one).toBeGreaterThan(0);
});
