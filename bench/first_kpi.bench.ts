// @vitest-environment node
// Question: how soon does a reload of the dashboard show its KPIs, with the disk cache and without?
// The demo server and the dashboard in Chromium; the server takes 200 ms more to answer each
// read_group, as a remote server would.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, bench, describe } from "vitest";
import { openDashboard, startDashboard, type Dashboard } from "../tests/demo/app/dashboard_helpers";
import { launchChromium } from "../tests/browser/browser_helpers";
import type { Browser } from "playwright-core";

const LATENCY = 200;
let dashboard: Dashboard;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [dashboard, browser] = await Promise.all([startDashboard(), launchChromium()]);
  page = await openDashboard(browser, dashboard);
  await page.waitForSelector("[data-testid=kpi] .d-kpi-value");
  dashboard.server.latency = (call) => (call === "sale.order.read_group" ? LATENCY : 0);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
});

async function reloadUntilKpi(): Promise<void> {
  await page.reload();
  await page.waitForSelector("[data-testid=kpi] .d-kpi-value", { timeout: 20_000 });
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

describe(`reload to first KPI (read_group answered in ${LATENCY} ms + work)`, () => {
  bench("with the disk cache (update: always)", reloadUntilKpi, { iterations: 8, time: 0, warmupIterations: 1, warmupTime: 0 });
  bench(
    "without a cache",
    async () => {
      await dropCache();
      await reloadUntilKpi();
    },
    { iterations: 8, time: 0, warmupIterations: 1, warmupTime: 0 },
  );
});
