// What the library keeps alive, in Chromium: the heap after a forced GC, before and after
// (1) 20,000 calls from components destroyed while their calls were in flight, in three rounds
// of 667 components making 10 calls each; (2) 100 apps, each with its own env, used and destroyed
// (stopServices), in three rounds. A leak grows from round to round; a bounded cache does not.
import type { CDPSession } from "playwright-core";
import { beforeAll, expect, test } from "vitest";
import { useBenchPage } from "./lib/bench_page";
import { record } from "./lib/results";

const bench = useBenchPage();
let cdp: CDPSession;

beforeAll(async () => {
  cdp = await bench.page.context().newCDPSession(bench.page);
  await cdp.send("HeapProfiler.enable");
});

/** Bytes in the JS heap after two forced full GCs. */
async function heapAfterGC(): Promise<number> {
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  return usedSize;
}

test("the heap after components destroyed in flight and after stopServices of 100 envs", async () => {
  await bench.page.evaluate(() => window.bench.destroyInFlight(100, 10)); // warm-up: JIT, OWL's caches
  const before = await heapAfterGC();
  const destroyRounds: number[] = [];
  for (let round = 0; round < 3; round++) {
    await bench.page.evaluate(() => window.bench.destroyInFlight(667, 10));
    destroyRounds.push((await heapAfterGC()) - before);
  }
  await bench.page.evaluate(() => window.bench.stopMany(5));
  const beforeStop = await heapAfterGC();
  const stopRounds: number[] = [];
  for (let round = 0; round < 3; round++) {
    await bench.page.evaluate(() => window.bench.stopMany(100));
    stopRounds.push((await heapAfterGC()) - beforeStop);
  }
  const aliveEnvs = await bench.page.evaluate(() => window.bench.aliveStoppedEnvs());
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
  expect(bench.console).toEqual([]);
});
