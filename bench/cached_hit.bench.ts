// What a cached read costs once it is cached, next to TanStack Query's fetchQuery, in the same
// Chromium page and the same run: 20,000 awaited hits each, 7 rounds, interleaved (the order
// alternates), compared as a ratio per round.
import { expect, test } from "vitest";
import { useBenchPage } from "./lib/bench_page";
import { record, summary } from "./lib/results";

const HITS = 20_000;
const ROUNDS = 7;
const bench = useBenchPage();

type Kind = "library" | "tanstack";
const perHit = (kind: Kind, hits = HITS) => bench.page.evaluate(([k, n]) => window.bench.cachedHits(k, n), [kind, hits] as const);

test("a cached orm read vs TanStack Query's fetchQuery: µs per hit", async () => {
  await perHit("library", HITS / 4); // warm-up: JIT
  await perHit("tanstack", HITS / 4);
  const us: Record<Kind, number[]> = { library: [], tanstack: [] };
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order: Kind[] = round % 2 ? ["tanstack", "library"] : ["library", "tanstack"];
    for (const kind of order) us[kind].push(await perHit(kind));
    ratios.push(us.library.at(-1)! / us.tanstack.at(-1)!);
  }
  const figures = {
    cached_hit_vs_tanstack_ratio: summary(ratios, 2).median,
    cached_hit_detail: { ratio: summary(ratios, 2), library_us: summary(us.library, 2), tanstack_us: summary(us.tanstack, 2), hits: HITS, rounds: ROUNDS, result: "20 records x 5 fields" },
  };
  record(figures);
  console.log(JSON.stringify(figures, null, 2));
  expect(us.library.every((value) => value > 0)).toBe(true);
});
