// Notifications in bursts, in Chromium: 10,500 distinct sticky notifications added 500 per frame,
// then closeAll. Per-add cost with 10,000 open over with 1,000 (10,000 adds timed each; flat is
// the goal), the most
// elements the container ever held (live regions included) against what maxVisible needs, and
// closeAll's time to the next frame with the longest task after it.
import { expect, test } from "vitest";
import { useBenchPage } from "./lib/bench_page";
import { record, summary } from "./lib/results";

const bench = useBenchPage();

test("10,000 notifications in a burst, then closeAll", async () => {
  const bound = await bench.page.evaluate(() => window.bench.notificationNodesBound());
  const rounds = [];
  for (let round = 0; round < 3; round++) rounds.push(await bench.page.evaluate(() => window.bench.notificationBurst(10_500)));
  const at1k: number[] = [];
  const at10k: number[] = [];
  for (let round = 0; round < 3; round++) {
    at1k.push(await bench.page.evaluate(() => window.bench.notificationAddCost(1000)));
    at10k.push(await bench.page.evaluate(() => window.bench.notificationAddCost(10_000)));
  }
  const figures = {
    notification_dom_nodes: Math.max(...rounds.map((r) => r.maxNodes)),
    notification_dom_nodes_bound: bound,
    notification_add_growth_ratio: summary(at10k.map((us, i) => us / at1k[i]!), 2).median,
    close_all_ms: summary(rounds.map((r) => r.closeAllMs), 1).median,
    longest_task_ms: Math.max(...rounds.map((r) => r.longestTaskMs)),
    notification_detail: {
      notifications: 10_500,
      add_10k_ms: summary(rounds.map((r) => r.addMs), 1),
      per_add_us_at_1k: summary(at1k, 2),
      per_add_us_at_10k: summary(at10k, 2),
      close_all_ms: summary(rounds.map((r) => r.closeAllMs), 1),
      announced_by_close_all: Math.max(...rounds.map((r) => r.announcedByCloseAll)),
      nodes_after_close_all: Math.max(...rounds.map((r) => r.nodesAfter)),
    },
  };
  record(figures);
  console.log(JSON.stringify(figures, null, 2));
  expect(rounds).toHaveLength(3);
});
