// @vitest-environment node
/**
 * Live data in the dashboard (issue #26, section 4), in Chromium: what another user changes reaches
 * the KPIs, the chart, the orders table and an open order form over the bus; nothing polls; an
 * edited form says when someone else changed its order; the lab's "Another user confirms an order now".
 */
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { sweepBus } from "../../../demo/server/bus/bus_store";
import { signedIn } from "../server/demo_server_helpers";
import { editAndSave, newPage, openDashboard, openForm, SCREENSHOTS, untilQuiet, useDashboard } from "./dashboard_helpers";
import { busLines, heard, quotationOf, rowTotal, showOnly, subscribed } from "./live_helpers";

const ctx = useDashboard();

/** The value and hint of the KPI card labelled `label`. */
const kpi = (page: Page, label: string) => page.locator("[data-testid=kpi]", { hasText: label }).locator(".d-kpi-value, .d-kpi-hint").allTextContents();
/** The rows of the revenue chart's table (month, orders, revenue). */
const chartRows = (page: Page) => page.locator(".d-chart-table tbody tr").allTextContents();

/** A new quotation of Marc Demo's, and the manager's dashboard showing it alone, its edit form open. */
async function managerEditing() {
  const order = await quotationOf(ctx.dashboard, "sales");
  const manager = await openDashboard(ctx.browser, ctx.dashboard);
  await showOnly(manager, order.name);
  return { order, manager, dialog: await openForm(manager, order.name) };
}

describe("live data in the dashboard", () => {
  test("a salesperson's edit reaches the manager's KPIs and orders table, and the RPC log shows it as a bus line", async () => {
    const order = await quotationOf(ctx.dashboard, "sales");
    const manager = await openDashboard(ctx.browser, ctx.dashboard);
    const sales = await openDashboard(ctx.browser, ctx.dashboard, { as: "sales" });
    await showOnly(manager, order.name);
    const [totalBefore, openBefore] = [await rowTotal(manager, order.name), await kpi(manager, "Open quotations")];
    await showOnly(sales, order.name);
    await editAndSave(sales, order.name, "97");
    await heard(manager, "sale.order", order.id);
    await expect.poll(() => rowTotal(manager, order.name)).not.toBe(totalBefore);
    await expect.poll(() => kpi(manager, "Open quotations")).not.toEqual(openBefore);
    await sales.close();
    await manager.close();
  });

  test("a confirmation by the manager moves the salesperson's chart; the salesperson never hears of orders they may not read", async () => {
    const theirs = await quotationOf(ctx.dashboard, "joel");
    const mine = await quotationOf(ctx.dashboard, "sales");
    const sales = await openDashboard(ctx.browser, ctx.dashboard, { as: "sales" });
    const chartBefore = await chartRows(sales);
    const admin = await signedIn(ctx.dashboard.server, "admin");
    await admin.call("sale.order", "action_confirm", [[theirs.id]]);
    await admin.call("sale.order", "action_confirm", [[mine.id]]);
    await heard(sales, "sale.order", mine.id);
    await expect.poll(() => chartRows(sales)).not.toEqual(chartBefore);
    // Every id the salesperson heard of is one they may read; Joel's confirmed order is not among them.
    const ids = [...new Set((await busLines(sales)).flatMap((line) => line.ids))];
    expect(ids).not.toContain(theirs.id);
    const salesClient = await signedIn(ctx.dashboard.server, "sales");
    expect((await salesClient.call<number[]>("sale.order", "search", [[["id", "in", ids]]])).sort()).toEqual([...ids].sort());
    await sales.close();
  });

  test("a deletion by the manager leaves the salesperson's orders table, and the salesperson's open form says the order was deleted", async () => {
    const gone = await quotationOf(ctx.dashboard, "sales");
    const sales = await openDashboard(ctx.browser, ctx.dashboard, { as: "sales" });
    await showOnly(sales, gone.name);
    const dialog = await openForm(sales, gone.name);
    const admin = await signedIn(ctx.dashboard.server, "admin");
    await admin.call("sale.order", "unlink", [[gone.id]]);
    await expect.poll(() => dialog.getByTestId("form-unavailable").textContent(), { timeout: 30_000 }).toBe(`${gone.name} was deleted by another user.`);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => sales.locator("[data-testid=order-row]").count()).toBe(0);
    await sales.close();
  });

  test("a change whose notification was swept while the tab was away shows once it is back, and the page hears bus/reset", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    const order = await quotationOf(ctx.dashboard, "sales");
    await heard(page, "sale.order", order.id);
    await showOnly(page, order.name);
    const status = () => page.locator("[data-testid=order-row]", { hasText: order.name }).locator("td[data-label=Status]").textContent();
    expect(await status()).toBe("Quotation");
    const server = ctx.dashboard.server;
    server.startOutage(60_000);
    // While the tab is away: the order is confirmed, and its notification outlives the retention
    // (swept), so the tab's last id is behind what the server can give.
    await server.db.query("UPDATE sale_order SET state = 'sale' WHERE id = $1", [order.id]);
    await server.db.query("INSERT INTO bus_bus (channel, message) VALUES ('sale.order', $1)", [JSON.stringify({ type: "records/changed", payload: { model: "sale.order", ids: [order.id] } })]);
    await sweepBus(server.db, 0);
    await server.endOutage();
    await expect.poll(async () => (await busLines(page)).some((line) => line.type === "bus/reset"), { timeout: 30_000 }).toBe(true);
    await expect.poll(status, { timeout: 30_000 }).toBe("Sales Order");
    await page.close();
  });

  test("two bursts of another user's changes whose reloads are answered out of order leave the key figures and the chart on the newer answer", async () => {
    const [first, second] = [await quotationOf(ctx.dashboard, "sales"), await quotationOf(ctx.dashboard, "sales")];
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    await subscribed(page);
    await untilQuiet(page);
    const shown = async () => ({ kpis: await page.locator("[data-testid=kpi] .d-kpi-value").allTextContents(), chart: await chartRows(page) });
    const before = await shown();
    // The reloads of the first burst get their answers now, and hand them to the page late.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let late = true;
    let held = 0;
    await page.route("**/sale.order/read_group", async (route) => {
      if (!late) return route.continue().catch(() => undefined);
      const response = await route.fetch();
      held++;
      await released;
      await route.fulfill({ response }).catch(() => undefined);
    });
    const admin = await signedIn(ctx.dashboard.server, "admin");
    await admin.call("sale.order", "action_confirm", [[first.id]]);
    // The chart's read and the key figures' three (more if the burst reloads twice).
    await expect.poll(() => held).toBeGreaterThanOrEqual(4);
    late = false;
    await admin.call("sale.order", "action_confirm", [[second.id]]);
    // Both moved on the second burst's answers (the first's are still held back).
    await expect.poll(async () => { const now = await shown(); return [now.kpis, now.chart].map((part, i) => JSON.stringify(part) !== JSON.stringify(i ? before.chart : before.kpis)); }).toEqual([true, true]);
    const newer = await shown();
    release();
    await untilQuiet(page);
    expect(await shown()).toEqual(newer);
    await page.close();
  });

  test("sends no request while nothing changes: ten idle minutes of the page's timers after load", async () => {
    const page = await newPage(ctx.browser, { viewport: { width: 1280, height: 900 } });
    await page.clock.install();
    await page.goto(ctx.dashboard.url);
    await page.getByRole("button", { name: /Mitchell Admin/ }).click();
    await page.waitForSelector("[data-testid=order-row]", { timeout: 60_000 });
    const heardOf = await signedIn(ctx.dashboard.server, "admin");
    const { id } = await quotationOf(ctx.dashboard, "sales");
    await heardOf.post("/demo/edit_order", { order_id: id });
    await heard(page, "sale.order", id);
    // The reload it causes (after the dashboard's gathering delay), to its last read (the page's quotations for the forms), then quiet.
    const lastRead = page.waitForEvent("requestfinished", (request) => request.url().endsWith("/sale.order/web_read"));
    await page.clock.runFor(1000);
    await lastRead;
    await untilQuiet(page);
    const sent: string[] = [];
    page.on("request", (request) => sent.push(new URL(request.url()).pathname));
    let sockets = 0;
    page.on("websocket", () => sockets++);
    // Every timer the page sets within ten minutes runs (a poll would be among them).
    await page.clock.runFor(10 * 60_000);
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve)));
    // The app's own code may still load a chunk it fetches after start-up (the outbox's line, once):
    // not a request to the server, and never twice.
    const chunks = sent.filter((path) => path.startsWith("/assets/"));
    expect({ sent: sent.filter((path) => !path.startsWith("/assets/")), sockets, chunksTwice: chunks.length - new Set(chunks).size }).toEqual({ sent: [], sockets: 0, chunksTwice: 0 });
    await page.close();
  });

  test("an open order form shows another user's change to its order while it is not edited", async () => {
    const { order, manager, dialog } = await managerEditing();
    const sales = await signedIn(ctx.dashboard.server, "sales");
    await sales.call("sale.order.line", "write", [[order.lineId], { product_uom_qty: 41 }]);
    await expect.poll(() => dialog.getByLabel("Quantity of line 1").inputValue(), { timeout: 30_000 }).toBe("41");
    expect(await dialog.getByTestId("form-conflict").count()).toBe(0);
    await manager.close();
  });

  test("an order form being edited says another user changed its order; Keep mine saves mine over theirs, Reload shows theirs", async () => {
    const { order, manager, dialog } = await managerEditing();
    await dialog.getByLabel("Quantity of line 1").fill("12");
    const sales = await signedIn(ctx.dashboard.server, "sales");
    await sales.call("sale.order.line", "write", [[order.lineId], { product_uom_qty: 33 }]);
    const conflict = dialog.getByTestId("form-conflict");
    await conflict.waitFor({ timeout: 30_000 });
    expect(await conflict.textContent()).toContain(`Another user changed ${order.name} while you were editing it.`);
    // Nothing of mine was overwritten by theirs.
    expect(await dialog.getByLabel("Quantity of line 1").inputValue()).toBe("12");
    await dialog.screenshot({ path: `${SCREENSHOTS}live-form-conflict.png` });
    await conflict.getByRole("button", { name: "Keep mine" }).click();
    await dialog.getByRole("button", { name: "Save the changes" }).click();
    await expect.poll(() => dialog.getByTestId("form-status").textContent()).toBe(`${order.name} was updated.`);
    const quantity = async () => (await ctx.dashboard.server.db.query<{ q: number }>("SELECT product_uom_qty AS q FROM sale_order_line WHERE id = $1", [order.lineId])).rows[0]!.q;
    expect(Number(await quantity())).toBe(12);

    await dialog.getByLabel("Quantity of line 1").fill("5");
    await sales.call("sale.order.line", "write", [[order.lineId], { product_uom_qty: 34 }]);
    await conflict.waitFor({ timeout: 30_000 });
    await conflict.getByRole("button", { name: "Reload" }).click();
    await expect.poll(() => dialog.getByLabel("Quantity of line 1").inputValue()).toBe("34");
    expect(await conflict.count()).toBe(0);
    await manager.close();
  });

  test("a save that meets another user's change it has not heard of is refused, not written over it", async () => {
    const { order, manager, dialog } = await managerEditing();
    await dialog.getByLabel("Quantity of line 1").fill("8");
    // Changed in the database alone: no bus notification, so the form cannot have heard of it before its save.
    await ctx.dashboard.server.db.query("UPDATE sale_order_line SET product_uom_qty = 44 WHERE id = $1", [order.lineId]);
    await ctx.dashboard.server.db.query("UPDATE sale_order SET write_date = write_date + interval '1 second' WHERE id = $1", [order.id]);
    await dialog.getByRole("button", { name: "Save the changes" }).click();
    await expect.poll(() => manager.locator(".o_notification").allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining("modified")]));
    const line = await ctx.dashboard.server.db.query<{ q: number }>("SELECT product_uom_qty AS q FROM sale_order_line WHERE id = $1", [order.lineId]);
    expect(Number(line.rows[0]!.q)).toBe(44);
    await manager.close();
  });

  test("the lab's \"Another user confirms an order now\" confirms a quotation as the sales administrator, and this tab hears it on the bus (its RPC log line)", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    const card = page.locator("[data-cause=live]");
    await card.getByRole("button", { name: "Another user confirms an order now" }).click();
    const note = card.getByTestId("cause-note");
    await note.waitFor({ timeout: 30_000 });
    const [, name] = /^Mitchell Admin confirmed (S\d+)/.exec((await note.textContent()) ?? "") ?? [];
    expect(name).toMatch(/^S\d+$/);
    const { rows } = await ctx.dashboard.server.db.query<{ id: number; state: string }>("SELECT id, state FROM sale_order WHERE name = $1", [name]);
    expect(rows[0]!.state).toBe("sale");
    await heard(page, "sale.order", rows[0]!.id);
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: `${SCREENSHOTS}live-lab-cause.png` });
    await page.close();
  });
});
