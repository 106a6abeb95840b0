// How soon a reload of the dashboard shows its KPIs, with the read cache on disk and without it:
// the demo server and the dashboard in Chromium, the server taking 200 ms more to answer each
// read_group, as a remote one would. Reloads of both kinds alternate.
import type { Page } from "playwright-core";
import { beforeAll, expect, test } from "vitest";
import { openDashboard, useDashboard } from "../tests/demo/app/dashboard_helpers";
import { record, summary } from "./lib/results";

const LATENCY = 200;
const ROUNDS = 8;
// The demo server and Chromium, both stopped after the file (also when one of them failed to start).
const ctx = useDashboard();
let page: Page;

beforeAll(async () => {
  page = await openDashboard(ctx.browser, ctx.dashboard);
  await page.waitForSelector("[data-testid=kpi] .d-kpi-value");
  ctx.dashboard.server.latency = (call) => (call === "sale.order.read_group" ? LATENCY : 0);
}, 120_000);

/** ms from the reload to the first KPI painted. */
async function reloadUntilKpi(): Promise<number> {
  const start = performance.now();
  await page.reload();
  await page.waitForSelector("[data-testid=kpi] .d-kpi-value", { timeout: 20_000 });
  return performance.now() - start;
}

/** Deletes the cache's database; the deletion completes when the page closes its connection on reload. */
async function dropCache(): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const request = indexedDB.deleteDatabase("owl-services-cache");
        request.onsuccess = request.onblocked = request.onerror = () => resolve();
      }),
  );
}

test(`reload to first KPI, read_group answered in ${LATENCY} ms + work: disk cache vs none`, async () => {
  await reloadUntilKpi(); // warm-up, and the cache filled
  const cached: number[] = [];
  const uncached: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    cached.push(await reloadUntilKpi());
    await dropCache();
    uncached.push(await reloadUntilKpi());
  }
  const ratios = cached.map((ms, i) => ms / uncached[i]!);
  const figures = {
    first_kpi_ratio: summary(ratios, 2).median,
    first_kpi_detail: { latency_ms: LATENCY, rounds: ROUNDS, with_disk_cache_ms: summary(cached, 0), without_cache_ms: summary(uncached, 0), ratio: summary(ratios, 2) },
  };
  record(figures);
  console.log(JSON.stringify(figures, null, 2));
  expect(cached).toHaveLength(ROUNDS);
});
