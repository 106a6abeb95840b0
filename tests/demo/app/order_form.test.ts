// @vitest-environment node
/** The orders page and the order form on Odoo 17's specification API (issue #27, section 4), in Chromium. */
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { signedIn } from "../server/demo_server_helpers";
import { editAndSave, openDashboard, quotations, requestsTo, SCREENSHOTS, useDashboard } from "./dashboard_helpers";

const ctx = useDashboard();
const KW = "/web/dataset/call_kw";

interface ServerOrder {
  id: number;
  name: string;
  amount_total: number;
  order_line: { id: number; product_uom_qty: number }[];
}

/** An order as the server has it now: its total and its lines' quantities. */
async function serverOrder(name: string): Promise<ServerOrder> {
  const admin = await signedIn(ctx.dashboard.server, "admin");
  const { records } = await admin.call<{ records: ServerOrder[] }>("sale.order", "web_search_read", [], {
    domain: [["name", "=", name]],
    specification: { name: {}, amount_total: {}, order_line: { fields: { product_uom_qty: {} } } },
  });
  return records[0]!;
}

/** The form's title ("Edit S03001") once it shows a saved order. */
const formTitle = (page: Page) => page.locator("#d-form-title").textContent();
/** What the form says of its last save. */
const formStatus = (page: Page) => page.getByTestId("form-status").textContent();
/** The total the form shows (from the server's answer once saved). */
const formTotal = (page: Page) => page.locator(".d-totals strong").textContent();
const money = (amount: number) => `€${amount.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** Fills a new order in the open form: Azure Interior, 3 of the first product, then a Large Desk. */
async function fillNewOrder(page: Page): Promise<void> {
  await page.getByRole("button", { name: "New order" }).click();
  const dialog = page.getByRole("dialog", { name: "New order" });
  await expect.poll(() => dialog.getByTestId("customer").locator("option").count()).toBeGreaterThan(1);
  await dialog.getByTestId("customer").selectOption({ label: "Azure Interior — Fremont" });
  await dialog.getByLabel("Quantity of line 1").fill("3");
  await dialog.getByRole("button", { name: "Add a product" }).click();
  await dialog.getByLabel("Product of line 2").selectOption({ label: "Large Desk" });
}

describe("the orders page and the order form on the specification API", () => {
  test("the orders page loads through one web_search_read (names and count), and the RPC log shows its specification", async () => {
    const sentTo = (method: string) => requestsTo(ctx.dashboard, `${KW}/sale.order/${method}`).length;
    const [searchReads, counts, webReads] = [sentTo("search_read"), sentTo("search_count"), sentTo("web_search_read")];
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    expect(await page.getByTestId("orders-count").textContent()).toBe("(3,000)");
    const names = await page.locator("[data-testid=order-row] td[data-label=Customer]").allTextContents();
    expect(names.every((name) => name.length > 0)).toBe(true);
    expect(sentTo("web_search_read") - webReads).toBe(1);
    expect([sentTo("search_read") - searchReads, sentTo("search_count") - counts]).toEqual([0, 0]);

    const row = page.locator("[data-testid=log-row]", { hasText: "sale.order.web_search_read" }).first();
    await row.getByRole("button", { name: "Params" }).click();
    const shown = await page.locator(".d-log-details-row pre").first().textContent();
    expect(shown).not.toContain("[object Object]");
    const params = JSON.parse(shown!) as { kwargs: { specification: Record<string, unknown> } };
    expect(params.kwargs.specification).toMatchObject({ partner_id: { fields: { display_name: {} } }, user_id: { fields: { display_name: {} } }, name: {} });
    await page.locator(".d-log").screenshot({ path: `${SCREENSHOTS}rpc-log-specification.png` });
    await page.close();
  });

  test("saving an edited quotation and showing it again is one request, web_save, whose answer the form shows", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    const [name] = await quotations(page);
    const requests = await editAndSave(page, name!, "5");
    expect(requests).toEqual([`${KW}/sale.order/web_save`]);
    const saved = await serverOrder(name!);
    expect(saved.order_line[0]!.product_uom_qty).toBe(5);
    expect(await formTotal(page)).toBe(money(saved.amount_total));
    expect(await formStatus(page)).toBe(`${name} was updated.`);
    await page.screenshot({ path: `${SCREENSHOTS}order-form-saved.png` });
    await page.close();
  });

  test("creates an order with lines and edits it in the same form, online: one web_save each, the form showing the saved order", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    const saves = requestsTo(ctx.dashboard, `${KW}/sale.order/web_save`).length;
    await fillNewOrder(page);
    await page.getByRole("button", { name: "Save the quotation" }).click();
    await expect.poll(() => formTitle(page)).toMatch(/^Edit S\d{5}$/);
    const name = (await formTitle(page))!.slice("Edit ".length);
    expect(await formStatus(page)).toBe(`${name} was created.`);
    const created = await serverOrder(name);
    expect(created.order_line.map((line) => line.product_uom_qty)).toEqual([3, 1]);
    expect(await formTotal(page)).toBe(money(created.amount_total));

    await page.getByLabel("Quantity of line 2").fill("4");
    await page.getByRole("button", { name: "Save the changes" }).click();
    await expect.poll(() => formStatus(page)).toBe(`${name} was updated.`);
    const edited = await serverOrder(name);
    expect(edited.order_line.map((line) => line.product_uom_qty)).toEqual([3, 4]);
    expect(edited.order_line.map((line) => line.id)).toEqual(created.order_line.map((line) => line.id));
    expect(await formTotal(page)).toBe(money(edited.amount_total));
    expect(requestsTo(ctx.dashboard, `${KW}/sale.order/web_save`).length).toBe(saves + 2);
    // Closed, the table shows the new order.
    await page.getByRole("button", { name: "Close the form" }).click();
    await expect.poll(() => page.locator("[data-testid=order-row]", { hasText: name }).count()).toBe(1);
    await page.close();
  });

  test("creates an order with lines and edits it offline: each kept as a web_save, applied once when back online, the form showing the answer", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    // The form is a modal dialog: the switch is pressed in another tab of the dashboard, which this one follows.
    const other = await page.context().newPage();
    await other.goto(ctx.dashboard.url);
    await other.waitForSelector("[data-testid=order-row]", { timeout: 60_000 });
    const toggle = async (now: string) => {
      await other.getByTestId("offline-switch").click();
      await expect.poll(() => page.getByTestId("offline-switch").textContent()).toBe(now);
    };
    const saves = requestsTo(ctx.dashboard, `${KW}/sale.order/web_save`).length;
    await toggle("Back online");
    await fillNewOrder(page);
    await page.getByRole("button", { name: "Save the quotation" }).click();
    await expect.poll(() => formStatus(page)).toBe("The new order will be created when the server is back.");
    await expect.poll(() => page.locator(".o_outbox_live").textContent()).toBe("1 change waiting");
    expect(requestsTo(ctx.dashboard, `${KW}/sale.order/web_save`).length).toBe(saves);
    await page.screenshot({ path: `${SCREENSHOTS}order-form-waiting.png` });

    await toggle("Work offline");
    await expect.poll(() => formTitle(page), { timeout: 30_000 }).toMatch(/^Edit S\d{5}$/);
    const name = (await formTitle(page))!.slice("Edit ".length);
    expect(await formStatus(page)).toBe(`${name} was created.`);
    const created = await serverOrder(name);
    expect(created.order_line.map((line) => line.product_uom_qty)).toEqual([3, 1]);
    expect(await formTotal(page)).toBe(money(created.amount_total));

    await toggle("Back online");
    await page.getByLabel("Quantity of line 1").fill("6");
    await page.getByRole("button", { name: "Save the changes" }).click();
    await expect.poll(() => formStatus(page)).toBe(`${name} will be updated when the server is back.`);
    await expect.poll(() => page.locator(".o_outbox_live").textContent()).toBe("1 change waiting");
    await expect.poll(() => page.locator("[data-testid=order-row]", { hasText: name }).locator(".d-actions-cell").textContent()).toBe("updated when the server is back");
    await toggle("Work offline");
    await expect.poll(() => formStatus(page), { timeout: 30_000 }).toBe(`${name} was updated.`);
    const edited = await serverOrder(name);
    expect(edited.order_line.map((line) => line.product_uom_qty)).toEqual([6, 1]);
    expect(await formTotal(page)).toBe(money(edited.amount_total));
    // Each applied once: the create and the edit, one web_save each.
    expect(requestsTo(ctx.dashboard, `${KW}/sale.order/web_save`).length).toBe(saves + 2);
    const admin = await signedIn(ctx.dashboard.server, "admin");
    expect(await admin.call("sale.order", "search_count", [[["name", "=", name]]])).toBe(1);
    await other.close();
    await page.close();
  });

  test("an edit kept offline keeps the concurrency check: another user's change meanwhile is a conflict in the outbox's panel, and Keep mine applies it", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    const [name] = await quotations(page);
    await page.getByTestId("offline-switch").click();
    await page.getByRole("button", { name: `Edit ${name}` }).click();
    await page.getByLabel("Quantity of line 1").fill("9");
    await page.getByRole("button", { name: "Save the changes" }).click();
    await expect.poll(() => formStatus(page)).toBe(`${name} will be updated when the server is back.`);
    await page.getByRole("button", { name: "Close the form" }).click();
    await page.getByTestId("other-user-edit").click();
    await expect.poll(() => page.locator(".o_notification").allTextContents()).toContainEqual(expect.stringContaining(`Another user changed ${name}`));

    await page.getByTestId("offline-switch").click();
    await expect.poll(() => page.locator(".o_outbox_toggle").textContent(), { timeout: 30_000 }).toBe("1 change failed");
    await page.locator(".o_outbox_toggle").click();
    await expect.poll(() => page.locator(".o_outbox_entry .o_outbox_what span:first-child").allTextContents()).toEqual([`Edit ${name}`]);
    await expect.poll(() => page.locator(".o_outbox_error").textContent()).toMatch(/^A document was modified since you last viewed it \(Sales Order:\d+\)$/);
    expect((await serverOrder(name!)).order_line[0]!.product_uom_qty).not.toBe(9);
    await page.getByRole("button", { name: "Keep mine" }).click();
    await expect.poll(() => page.locator(".o_outbox_toggle").count(), { timeout: 30_000 }).toBe(0);
    expect((await serverOrder(name!)).order_line[0]!.product_uom_qty).toBe(9);
    await page.close();
  });
});
