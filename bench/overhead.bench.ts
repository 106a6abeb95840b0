// What `rpc` costs next to a bare XMLHttpRequest sending the same POST, in Chromium against a
// loopback server: time for 2,000 calls (sequential, 64 in flight, 100 KB results), and bytes
// allocated per call (V8's sampling heap profiler, objects collected since included). The two
// are measured interleaved, round after round, and compared as ratios.
import { expect, test } from "vitest";
import { useBenchPage } from "./lib/bench_page";
import { record, summary } from "./lib/results";

const CALLS = 2000;
const ROUNDS = 5;
const bench = useBenchPage();

type Kind = "library" | "bare";
const timed = (kind: Kind, route: string, concurrency: number, calls = CALLS) =>
  bench.page.evaluate(([k, r, n, c]) => window.bench.run(k, r, n, c), [kind, route, calls, concurrency] as const);

/** Library time over bare time, per round, the order alternating so neither always goes first. */
async function ratio(route: string, concurrency: number, calls = CALLS) {
  await timed("library", route, concurrency, calls / 4); // warm-up: JIT, connections
  await timed("bare", route, concurrency, calls / 4);
  const ratios: number[] = [];
  const ms: Record<Kind, number[]> = { library: [], bare: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order: Kind[] = round % 2 ? ["bare", "library"] : ["library", "bare"];
    for (const kind of order) ms[kind].push(await timed(kind, route, concurrency, calls));
    ratios.push(ms.library.at(-1)! / ms.bare.at(-1)!);
  }
  return { ratio: summary(ratios), library_ms: summary(ms.library, 1), bare_ms: summary(ms.bare, 1) };
}

/** Bytes allocated per call: the sampling heap profiler's total over `calls` sequential calls. */
async function allocatedPerCall(kind: Kind, calls = 1000): Promise<number> {
  const cdp = await bench.page.context().newCDPSession(bench.page);
  await cdp.send("HeapProfiler.enable");
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.startSampling", {
    samplingInterval: 256,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  } as { samplingInterval: number });
  await timed(kind, "/echo", 1, calls);
  const { profile } = await cdp.send("HeapProfiler.stopSampling");
  type Node = { selfSize: number; children: Node[] };
  const total = (node: Node): number => node.selfSize + node.children.reduce((sum, child) => sum + total(child), 0);
  await cdp.detach();
  return total(profile.head as Node) / calls;
}

test("rpc through useService vs a bare XMLHttpRequest: time and allocations per call", async () => {
  const sequential = await ratio("/echo", 1);
  const concurrent = await ratio("/echo", 64);
  const large = await ratio("/big", 64, CALLS / 2);
  const allocations = { library: [] as number[], bare: [] as number[], ratio: [] as number[] };
  for (let round = 0; round < 3; round++) {
    const library = await allocatedPerCall("library");
    const bare = await allocatedPerCall("bare");
    allocations.library.push(library);
    allocations.bare.push(bare);
    allocations.ratio.push(library / bare);
  }
  const figures = {
    overhead_sequential_ratio: sequential.ratio.median,
    overhead_concurrent_ratio: concurrent.ratio.median,
    overhead_large_ratio: large.ratio.median,
    alloc_per_call_ratio: summary(allocations.ratio, 2).median,
    overhead_detail: {
      calls: CALLS,
      rounds: ROUNDS,
      sequential,
      concurrent_64: concurrent,
      large_100kb_64: { ...large, calls: CALLS / 2 },
      alloc_bytes_per_call: { library: summary(allocations.library, 0), bare: summary(allocations.bare, 0), ratio: summary(allocations.ratio, 2) },
    },
  };
  record(figures);
  console.log(JSON.stringify(figures, null, 2));
  expect(sequential.ratio.median).toBeGreaterThan(0);
});
