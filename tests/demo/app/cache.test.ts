// @vitest-environment node
/** Reads that paint at once, and writes applied once, in the dashboard against the real server. */
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { signedIn } from "../server/demo_server_helpers";
import { newPage, openDashboard, requestsTo, shownNotifications, useDashboard } from "./dashboard_helpers";

const ctx = useDashboard();
const READ_GROUP = "/web/dataset/call_kw/sale.order/read_group";
/** How slow the server's read_group is made in the reload test. */
const SLOW = 2500;

const kpiValues = (page: Page) => page.locator("[data-testid=kpi] .d-kpi-value").allTextContents();

describe("the dashboard's cached reads and exclusive writes", () => {
  test("a reload paints the KPIs and the chart from the disk cache before the server answers, then shows the server's answer", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    const first = await kpiValues(page);
    expect(first).toHaveLength(4);
    // Let the cache write its entries, then make the server slow to answer read_group.
    await page.waitForTimeout(300);
    ctx.dashboard.server.latency = (call) => (call === "sale.order.read_group" ? SLOW : 0);
    try {
      const answeredBefore = requestsTo(ctx.dashboard, READ_GROUP).length;
      await page.reload();
      await page.waitForSelector("[data-testid=kpi] .d-kpi-value");
      // Painted from the cache: no read_group answer has come back since the reload.
      expect(requestsTo(ctx.dashboard, READ_GROUP).length).toBe(answeredBefore);
      expect(await kpiValues(page)).toEqual(first);
      expect(await page.locator(".d-chart-table tbody tr").count()).toBe(24);
      // The server was still asked (update: "always"), and its answers arrive.
      await expect.poll(() => requestsTo(ctx.dashboard, READ_GROUP).length, { timeout: SLOW * 3 }).toBeGreaterThanOrEqual(answeredBefore + 4);
    } finally {
      ctx.dashboard.server.latency = () => 0;
    }
    await page.close();
  });

  test("without a cache (a first visit), the KPIs wait for the server", async () => {
    ctx.dashboard.server.latency = (call) => (call === "sale.order.read_group" ? SLOW : 0);
    try {
      const page = await newPage(ctx.browser, { viewport: { width: 1280, height: 900 } });
      await page.goto(ctx.dashboard.url);
      const answeredBefore = requestsTo(ctx.dashboard, READ_GROUP).length;
      await page.getByRole("button", { name: /Mitchell Admin/ }).click();
      await page.waitForSelector("[data-testid=kpi] .d-kpi-value", { timeout: SLOW * 4 });
      expect(requestsTo(ctx.dashboard, READ_GROUP).length).toBeGreaterThan(answeredBefore);
      await page.close();
    } finally {
      ctx.dashboard.server.latency = () => 0;
    }
  });

  test("a double click on Confirm sends one request and confirms the order once", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    const admin = await signedIn(ctx.dashboard.server, "admin");
    const [quotation] = await admin.call<{ id: number; name: string }[]>("sale.order", "search_read", [[["state", "in", ["draft", "sent"]]], ["name"]], { limit: 1, order: "date_order desc" });
    ctx.dashboard.server.latency = (call) => (call === "sale.order.action_confirm" ? 500 : 0);
    try {
      const confirms = requestsTo(ctx.dashboard, "/web/dataset/call_kw/sale.order/action_confirm").length;
      await page.getByRole("button", { name: `Confirm ${quotation!.name}` }).dblclick();
      await expect.poll(() => shownNotifications(page)).toEqual([{ title: "", content: `${quotation!.name} is confirmed.` }]);
      await page.waitForTimeout(700);
      expect(requestsTo(ctx.dashboard, "/web/dataset/call_kw/sale.order/action_confirm")).toHaveLength(confirms + 1);
      expect(await shownNotifications(page)).toEqual([{ title: "", content: `${quotation!.name} is confirmed.` }]);
      expect((await admin.call<{ state: string }[]>("sale.order", "read", [[quotation!.id], ["state"]]))[0]!.state).toBe("sale");
    } finally {
      ctx.dashboard.server.latency = () => 0;
    }
    await page.close();
  });
});
