// What the library keeps alive, in Chromium: the heap after a forced GC, before and after
// (1) 20,000 calls from components destroyed while their calls were in flight, in three rounds
// of 667 components making 10 calls each; (2) 100 apps, each with its own env, used and destroyed
// (stopServices), in three rounds. A leak grows from round to round; a bounded cache does not.
import type { Browser, CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchChromium } from "../tests/browser/browser_helpers";
import { startBenchServer, type BenchServer } from "./lib/bench_server";
import { record } from "./lib/results";

let server: BenchServer;
let browser: Browser;
let page: Page;
let cdp: CDPSession;
/** What the page logged: DevTools keeps logged objects alive, so a benchmark of memory logs nothing. */
const consoleMessages: string[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startBenchServer(), launchChromium()]);
  page = await browser.newPage();
  page.on("console", (message) => consoleMessages.push(`${message.type()}: ${message.text().slice(0, 200)}`));
  await page.goto(server.url);
  await page.waitForFunction(() => window.bench?.ready === true, null, { timeout: 30_000 });
  cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.enable");
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Bytes in the JS heap after two forced full GCs. */
async function heapAfterGC(): Promise<number> {
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  return usedSize;
}

test("the heap after components destroyed in flight and after stopServices of 100 envs", async () => {
  await page.evaluate(() => window.bench.destroyInFlight(100, 10)); // warm-up: JIT, OWL's caches
  const before = await heapAfterGC();
  const destroyRounds: number[] = [];
  for (let round = 0; round < 3; round++) {
    await page.evaluate(() => window.bench.destroyInFlight(667, 10));
    destroyRounds.push((await heapAfterGC()) - before);
  }
  await page.evaluate(() => window.bench.stopMany(5));
  const beforeStop = await heapAfterGC();
  const stopRounds: number[] = [];
  for (let round = 0; round < 3; round++) {
    await page.evaluate(() => window.bench.stopMany(100));
    stopRounds.push((await heapAfterGC()) - beforeStop);
  }
  const aliveEnvs = await page.evaluate(() => window.bench.aliveStoppedEnvs());
  const figures = {
    retained_after_destroy_bytes: Math.max(...destroyRounds),
    retained_after_stop_bytes: Math.max(...stopRounds),
    memory_detail: {
      destroyed_in_flight: { calls: 3 * 6670, rounds: 3, retained_bytes_by_round: destroyRounds },
      stopped_envs: { envs_per_round: 100, rounds: 3, retained_bytes_by_round: stopRounds, envs_still_alive_after_gc: aliveEnvs },
    },
  };
  record(figures);
  console.log(JSON.stringify(figures, null, 2));
  expect(consoleMessages).toEqual([]);
});
