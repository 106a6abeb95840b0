// The outbox against the demo server (PGlite), in Chromium: 1,000 writes kept while the server
// is away (the first 50 timed one by one: storing an entry, strict durability), then replayed
// when it is back, one at a time in order, each with its Idempotency-Key. Odoo's offline queue
// replays one call per second.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchChromium } from "../tests/browser/browser_helpers";
import { signedIn, startTestServer } from "../tests/demo/server/demo_server_helpers";
import type { DemoServer } from "../demo/server/server";
import { startBenchServer, type BenchServer } from "./lib/bench_server";
import { record, summary } from "./lib/results";

const WRITES = 1000;
const TIMED = 50;
let demo: DemoServer;
let server: BenchServer;
let browser: Browser;
let page: Page;
const serverLines: string[] = [];

beforeAll(async () => {
  demo = await startTestServer({ data: "fixed", log: { info: (line: string) => serverLines.push(line), warn: () => undefined, error: () => undefined } });
  [server, browser] = await Promise.all([startBenchServer({ proxy: demo.url }), launchChromium()]);
  page = await browser.newPage();
  await page.goto(`${server.url}?outbox=1`);
  await page.waitForFunction(() => window.bench?.ready === true, null, { timeout: 30_000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await demo?.close();
});

/** The demo server's own time per replayed write (its request log), median: the rest is the page, the proxy and the network. */
function serverMs(): number {
  const ms = serverLines.filter((line) => line.includes("/res.partner/write")).map((line) => Number(/ (\d+(?:\.\d+)?) ms/.exec(line)?.[1]));
  return summary(ms, 1).median;
}

test("1,000 writes kept offline: the cost of storing one, and replays per second against the demo server", async () => {
  const admin = await signedIn(demo, "admin");
  const partnerIds = await admin.call<number[]>("res.partner", "search", [[["is_company", "=", true]]], { limit: 10, order: "id" });
  await page.evaluate(() => window.bench.signIn());
  server.down = true;
  expect(await page.evaluate(() => window.bench.loseConnection())).toBe("ConnectionLostError");
  const enqueueMs = await page.evaluate(([total, timed, ids]) => window.bench.keepWrites(total, timed, ids), [WRITES, TIMED, partnerIds] as const);
  server.down = false;
  const { ms, saved, left } = await page.evaluate(() => window.bench.replay());
  // Each write applied once and in order: every partner holds the phone of its last write.
  const phones = await admin.call<{ id: number; phone: string }[]>("res.partner", "read", [partnerIds, ["phone"]]);
  const last = (index: number) => `+32 2 555 ${String(WRITES - partnerIds.length + index).padStart(4, "0")}`;
  const figures = {
    outbox_replay_per_s: Math.round((WRITES / ms) * 1000),
    outbox_enqueue_ms: summary(enqueueMs, 2).median,
    outbox_detail: { writes: WRITES, replay_ms: Math.round(ms), server_ms_per_write: serverMs(), enqueue_ms: summary(enqueueMs, 2), timed_enqueues: TIMED, server: "demo server, PGlite, loopback", write: "res.partner.write of one field, 10 records in turn" },
  };
  record(figures);
  console.log(JSON.stringify(figures, null, 2));
  expect([saved, left]).toEqual([WRITES, 0]);
  expect(phones.map((partner) => partner.phone)).toEqual(partnerIds.map((_, index) => last(index)));
}, 600_000);
