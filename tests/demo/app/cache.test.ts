// @vitest-environment node
/** Reads that paint at once, and writes applied once, in the dashboard against the real server. */
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { signedIn } from "../server/demo_server_helpers";
import { diskCacheEntries, holdCalls, loggedCalls, newPage, openDashboard, requestsTo, shownNotifications, useDashboard } from "./dashboard_helpers";

const ctx = useDashboard();
const READ_GROUP = "/web/dataset/call_kw/sale.order/read_group";
/** The dashboard's disk-cached reads: three KPI read_groups and the chart's. */
const DISK_READS = 4;

const kpiValues = (page: Page) => page.locator("[data-testid=kpi] .d-kpi-value").allTextContents();

describe("the dashboard's cached reads and exclusive writes", () => {
  test("a reload paints the KPIs and the chart from the disk cache before the server answers, then shows the server's answer", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    const first = await kpiValues(page);
    expect(first).toHaveLength(4);
    // The cache has written its entries, and the forecast (a read, declared so) has not emptied it;
    // then the server holds every read_group until released.
    await expect.poll(() => diskCacheEntries(page)).toBeGreaterThanOrEqual(DISK_READS);
    await expect.poll(() => page.getByTestId("forecast-value").textContent()).toMatch(/^€[\d,]+$/);
    expect(await diskCacheEntries(page)).toBeGreaterThanOrEqual(DISK_READS);
    const readGroups = holdCalls(ctx.dashboard, "sale.order.read_group");
    try {
      const answeredBefore = requestsTo(ctx.dashboard, READ_GROUP).length;
      await page.reload();
      await page.waitForSelector("[data-testid=kpi] .d-kpi-value");
      // Painted from the cache: the server was asked again (update: "always") and has answered none of it.
      await readGroups.reached;
      expect(requestsTo(ctx.dashboard, READ_GROUP).length).toBe(answeredBefore);
      expect(await kpiValues(page)).toEqual(first);
      expect(await page.locator(".d-chart-table tbody tr").count()).toBe(24);
      readGroups.release();
      // The server's answers arrive.
      await expect.poll(() => requestsTo(ctx.dashboard, READ_GROUP).length).toBeGreaterThanOrEqual(answeredBefore + DISK_READS);
      expect(await kpiValues(page)).toEqual(first);
    } finally {
      readGroups.release();
    }
    await page.close();
  });

  test("without a cache (a first visit), the KPIs wait for the server", async () => {
    const readGroups = holdCalls(ctx.dashboard, "sale.order.read_group");
    try {
      const page = await newPage(ctx.browser, { viewport: { width: 1280, height: 900 } });
      await page.goto(ctx.dashboard.url);
      const answeredBefore = requestsTo(ctx.dashboard, READ_GROUP).length;
      await page.getByRole("button", { name: /Mitchell Admin/ }).click();
      // The page asked the server, which holds the reads: nothing to paint the KPIs with yet.
      await readGroups.reached;
      expect(await page.locator("[data-testid=kpi] .d-kpi-value").count()).toBe(0);
      readGroups.release();
      await page.waitForSelector("[data-testid=kpi] .d-kpi-value");
      expect(requestsTo(ctx.dashboard, READ_GROUP).length).toBeGreaterThan(answeredBefore);
      await page.close();
    } finally {
      readGroups.release();
    }
  });

  test("a double click on Confirm sends one request and confirms the order once", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    const admin = await signedIn(ctx.dashboard.server, "admin");
    const [quotation] = await admin.call<{ id: number; name: string }[]>("sale.order", "search_read", [[["state", "in", ["draft", "sent"]]], ["name"]], { limit: 1, order: "date_order desc" });
    const confirmsBefore = requestsTo(ctx.dashboard, "/web/dataset/call_kw/sale.order/action_confirm").length;
    const confirm = holdCalls(ctx.dashboard, "sale.order.action_confirm");
    try {
      // Both clicks land while the first confirm is held at the server.
      await page.getByRole("button", { name: `Confirm ${quotation!.name}` }).dblclick();
      await confirm.reached;
      confirm.release();
      await expect.poll(() => shownNotifications(page)).toEqual([{ title: "", content: `${quotation!.name} is confirmed.` }]);
      // A second call would have been in the page's RPC log from its click on, before this answer.
      expect(await loggedCalls(page, "sale.order.action_confirm")).toBe(1);
      expect(confirm.count).toBe(1);
      expect(requestsTo(ctx.dashboard, "/web/dataset/call_kw/sale.order/action_confirm")).toHaveLength(confirmsBefore + 1);
      expect(await shownNotifications(page)).toEqual([{ title: "", content: `${quotation!.name} is confirmed.` }]);
      expect((await admin.call<{ state: string }[]>("sale.order", "read", [[quotation!.id], ["state"]]))[0]!.state).toBe("sale");
    } finally {
      confirm.release();
    }
    await page.close();
  });
});
