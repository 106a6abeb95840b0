// What a cached read costs once it is cached, next to TanStack Query's fetchQuery, in the same
// Chromium page and the same run: 20,000 awaited hits each, 21 rounds, interleaved (the order
// alternates), compared as a ratio per round. A round is short (~0.1 s), so the machine's other
// work lands on a few rounds only: the median of 21 holds, and the spread (min-max) is reported.
import { expect, test } from "vitest";
import { useBenchPage } from "./lib/bench_page";
import { record, summary } from "./lib/results";

const HITS = 20_000;
const ROUNDS = 21;
/** Rounds run before the timed ones: JIT tiers up over the first ~30,000 hits. */
const WARM_UP_ROUNDS = 2;
const bench = useBenchPage();

type Kind = "library" | "tanstack";
const perHit = (kind: Kind, hits = HITS) => bench.page.evaluate(([k, n]) => window.bench.cachedHits(k, n), [kind, hits] as const);

test("a cached orm read vs TanStack Query's fetchQuery: µs per hit", async () => {
  for (let round = 0; round < WARM_UP_ROUNDS; round++) {
    await perHit("library");
    await perHit("tanstack");
  }
  const us: Record<Kind, number[]> = { library: [], tanstack: [] };
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order: Kind[] = round % 2 ? ["tanstack", "library"] : ["library", "tanstack"];
    for (const kind of order) us[kind].push(await perHit(kind));
    ratios.push(us.library.at(-1)! / us.tanstack.at(-1)!);
  }
  const ratio = summary(ratios, 2);
  const figures = {
    cached_hit_vs_tanstack_ratio: ratio.median,
    cached_hit_vs_tanstack_spread: [ratio.min, ratio.max],
    cached_hit_detail: { ratio, library_us: summary(us.library, 2), tanstack_us: summary(us.tanstack, 2), hits: HITS, rounds: ROUNDS, result: "20 records x 5 fields" },
  };
  record(figures);
  console.log(JSON.stringify(figures, null, 2));
  expect(us.library.every((value) => value > 0)).toBe(true);
});
