// @vitest-environment node
/** "Work offline" in the dashboard: changes kept in the outbox while the server is away, applied once when it is back. */
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { signedIn } from "../server/demo_server_helpers";
import { deleteOrder, loggedCalls, newOrderOffline, openDashboard, quotations, requestsTo, SCREENSHOTS, seriousViolations, useDashboard } from "./dashboard_helpers";

const ctx = useDashboard();

describe("working offline", () => {
  test("a confirm and a delete made offline wait in the outbox with their badges (the panel axe-clean), and are applied once each when back online", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    // Two draft orders (they can be confirmed and deleted).
    const drafts = page.locator("[data-testid=order-row]").filter({ has: page.getByRole("button", { name: /^Delete / }) });
    const [toConfirm, toDelete] = await Promise.all([drafts.nth(0).locator("strong").textContent(), drafts.nth(1).locator("strong").textContent()]);
    const confirmsBefore = requestsTo(ctx.dashboard, "/web/dataset/call_kw/sale.order/action_confirm").length;

    await page.getByTestId("offline-switch").click();
    await expect.poll(() => page.getByTestId("offline-switch").textContent()).toBe("Back online");
    await page.getByRole("button", { name: `Confirm ${toConfirm}` }).click();
    await deleteOrder(page, toDelete!);
    await expect.poll(() => page.locator(".o_outbox_toggle").textContent()).toBe("2 changes waiting");
    expect(await page.getByTestId("waiting-badge").count()).toBe(2);
    expect(await page.locator(".o_outbox_live").textContent()).toBe("2 changes waiting");
    await page.locator(".o_outbox").screenshot({ path: `${SCREENSHOTS}outbox-indicator.png` });
    await page.locator(".o_outbox_toggle").click();
    await expect
      .poll(() => page.locator(".o_outbox_entry .o_outbox_what span:first-child").allTextContents())
      .toEqual([`Confirm ${toConfirm}`, `Delete ${toDelete}`]);
    await page.screenshot({ path: `${SCREENSHOTS}outbox-panel.png` });
    expect(await seriousViolations(page, ".o_outbox")).toEqual([]);
    // Nothing reached the server while offline.
    expect(requestsTo(ctx.dashboard, "/web/dataset/call_kw/sale.order/action_confirm")).toHaveLength(confirmsBefore);

    await page.getByTestId("offline-switch").click();
    await expect.poll(() => page.locator(".o_outbox_toggle").count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => page.locator(".o_notification").allTextContents()).toContainEqual(expect.stringContaining("2 changes saved"));
    expect(requestsTo(ctx.dashboard, "/web/dataset/call_kw/sale.order/action_confirm")).toHaveLength(confirmsBefore + 1);
    // The RPC log marks the outbox's sends with their keys (the attempts offline, and the replays).
    const marks = await page.locator(".d-log .d-badge-waiting").allTextContents();
    expect(marks.length).toBeGreaterThanOrEqual(2);
    for (const mark of marks) expect(mark).toMatch(/^outbox · key [0-9a-f]{8}$/);
    const admin = await signedIn(ctx.dashboard.server, "admin");
    expect(await admin.call("sale.order", "search_read", [[["name", "=", toConfirm]], ["state"]])).toEqual([{ id: expect.any(Number), state: "sale" }]);
    expect(await admin.call("sale.order", "search_count", [[["name", "=", toDelete]]])).toBe(0);
  });

  test("the indicator's panel in the dark theme, axe-clean there too", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard, { colorScheme: "dark" });
    await page.getByTestId("offline-switch").click();
    const drafts = page.locator("[data-testid=order-row]").filter({ has: page.getByRole("button", { name: /^Confirm / }) });
    await drafts.nth(0).getByRole("button", { name: /^Confirm / }).click();
    await expect.poll(() => page.locator(".o_outbox_toggle").textContent()).toBe("1 change waiting");
    await page.locator(".o_outbox_toggle").click();
    await page.waitForSelector(".o_outbox_entry");
    await page.screenshot({ path: `${SCREENSHOTS}outbox-panel-dark.png` });
    expect(await seriousViolations(page, ".o_outbox")).toEqual([]);
    // Back online, it is applied, and the indicator goes.
    await page.getByTestId("offline-switch").click();
    await expect.poll(() => page.locator(".o_outbox_toggle").count(), { timeout: 30_000 }).toBe(0);
  });

  test("another user's edit meets the concurrency check: a delete made offline fails with Odoo's message, and Keep mine applies it", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    await page.getByTestId("offline-switch").click();
    const draft = page.locator("[data-testid=order-row]").filter({ has: page.getByRole("button", { name: /^Delete / }) }).first();
    const name = (await draft.locator("strong").first().textContent())!;
    await deleteOrder(page, name);
    await expect.poll(() => page.getByTestId("other-user-edit").textContent()).toBe(`Another user edits ${name} now`);
    await page.getByTestId("other-user-edit").click();
    await expect.poll(() => page.locator(".o_notification").allTextContents()).toContainEqual(expect.stringContaining(`Another user changed ${name}`));
    // Back online: the replay meets the check, and the change is kept, failed, with Odoo's message.
    await page.getByTestId("offline-switch").click();
    await expect.poll(() => page.locator(".o_outbox_toggle").textContent(), { timeout: 30_000 }).toBe("1 change failed");
    await page.locator(".o_outbox_toggle").click();
    await expect.poll(() => page.locator(".o_outbox_error").textContent()).toMatch(/^A document was modified since you last viewed it \(Sales Order:\d+\)$/);
    await page.screenshot({ path: `${SCREENSHOTS}outbox-conflict.png` });
    const admin = await signedIn(ctx.dashboard.server, "admin");
    const count = () => admin.call("sale.order", "search_count", [[["name", "=", name]]]);
    expect(await count()).toBe(1);
    // Keep mine: sent again without the check, and applied.
    await page.getByRole("button", { name: "Keep mine" }).click();
    await expect.poll(() => page.locator(".o_outbox_toggle").count(), { timeout: 30_000 }).toBe(0);
    expect(await count()).toBe(0);
  });

  test("five changes made offline (a new order, a confirm, an edit of lines, two deletes) outlive a reload made offline and are each applied once when back", async () => {
    // A bus that hears nothing: a records/changed drops the orders' saved reads on this device (as a
    // write does), and this test is about what the device keeps, not about other users' changes.
    const page = await openDashboard(ctx.browser, ctx.dashboard, { quietBus: true });
    const admin = await signedIn(ctx.dashboard.server, "admin");
    // Quotations only: each row can be confirmed or deleted.
    const names = (await quotations(page)).slice(0, 4);
    expect(names).toHaveLength(4);
    const [confirmA, edited, deleteA, deleteB] = names as [string, string, string, string];
    // The quotations' lines are saved on this device once the table has shown them.
    await expect.poll(() => loggedCalls(page, "sale.order.web_read")).toBeGreaterThan(0);
    const [editedOrder] = await admin.call<{ id: number; order_line: number[] }[]>("sale.order", "search_read", [[["name", "=", edited]], ["order_line"]]);
    const firstLine = Math.min(...editedOrder!.order_line);

    await page.getByTestId("offline-switch").click();
    const partnerId = await newOrderOffline(page);
    const ordersOfCustomer = () => admin.call<number>("sale.order", "search_count", [[["partner_id", "=", partnerId]]]);
    const customerOrdersBefore = await ordersOfCustomer();
    await page.getByRole("button", { name: `Confirm ${confirmA}` }).click();
    await page.getByRole("button", { name: `Edit ${edited}` }).click();
    await page.getByRole("spinbutton", { name: "Quantity of line 1" }).fill("7");
    await page.getByRole("button", { name: "Save the changes" }).click();
    await expect.poll(() => page.getByTestId("form-status").textContent()).toBe(`${edited} will be updated when the server is back.`);
    await page.getByRole("button", { name: "Close the form" }).click();
    await deleteOrder(page, deleteA);
    await deleteOrder(page, deleteB);
    await expect.poll(() => page.locator(".o_outbox_live").textContent()).toBe("5 changes waiting");
    // Each in the user's words (the new order and the edit are web_save calls).
    await page.locator(".o_outbox_toggle").click();
    // Polled: the panel renders after the click, later on a loaded machine (CI read it empty once).
    await expect.poll(() => page.locator(".o_outbox_entry .o_outbox_what span:first-child").allTextContents()).toEqual([
      expect.stringMatching(/^New order for /),
      `Confirm ${confirmA}`,
      `Edit ${edited}`,
      `Delete ${deleteA}`,
      `Delete ${deleteB}`,
    ]);
    await page.locator(".o_outbox_toggle").click();

    // Reloaded while offline: the last user's saved data, the five changes still waiting.
    await page.reload();
    await expect.poll(() => page.getByTestId("offline-banner").isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.locator(".o_outbox_live").textContent(), { timeout: 30_000 }).toBe("5 changes waiting");
    await expect.poll(() => page.getByTestId("pending-order-row").count()).toBe(1);
    await expect.poll(() => page.locator("[data-testid=order-row]").count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SCREENSHOTS}outbox-reloaded-offline.png` });
    expect(await ordersOfCustomer()).toBe(customerOrdersBefore);

    await page.getByTestId("offline-switch").click();
    await expect.poll(() => page.locator(".o_outbox_toggle").count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => page.getByTestId("offline-banner").count()).toBe(0);
    await expect.poll(() => page.locator(".o_notification").allTextContents()).toContainEqual(expect.stringContaining("5 changes saved"));
    expect(await ordersOfCustomer()).toBe(customerOrdersBefore + 1);
    const states = await admin.call<{ name: string; state: string }[]>("sale.order", "search_read", [[["name", "in", names]], ["name", "state"]]);
    expect(Object.fromEntries(states.map((order) => [order.name, order.state]))).toEqual({ [confirmA]: "sale", [edited]: "draft" });
    const [line] = await admin.call<{ product_uom_qty: number }[]>("sale.order.line", "read", [[firstLine], ["product_uom_qty"]]);
    expect(line!.product_uom_qty).toBe(7);
    expect(await page.getByTestId("pending-order-row").count()).toBe(0);
  });

  test("a reload offline right after a confirm is never blank: the change still waits, and each widget shows its saved answer or says why it has none", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const [name] = await quotations(page);
    await page.getByTestId("offline-switch").click();
    await page.getByRole("button", { name: `Confirm ${name}` }).click();
    await expect.poll(() => page.locator(".o_outbox_live").textContent()).toBe("1 change waiting");
    await page.reload();
    await page.getByRole("heading", { name: "What can go wrong" }).waitFor();
    expect(await page.getByTestId("offline-banner").isVisible()).toBe(true);
    expect(await page.locator(".o_outbox_live").textContent()).toBe("1 change waiting");
    // Whether this device kept an answer for each widget depends on what the bus dropped before the
    // switch (another test's writes, heard as the page opened): either way, each shows something.
    for (const [label, shown] of [[/^Key figures$/, "[data-testid=kpi]"], [/^Monthly revenue$/, ".d-chart-table"], [/^Orders\b/, "[data-testid=order-row]"]] as const) {
      const widget = page.getByRole("region", { name: label });
      await expect.poll(async () => (await widget.locator(shown).count()) > 0 || (await widget.getByRole("alert").count()) > 0, { timeout: 20_000 }).toBe(true);
    }
    await backOnlineAndRetry(page);
    expect(errors).toEqual([]);
  });

  test("a widget with no saved answer on this device fails alone offline, with its reason, and its Retry loads it once back online", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.getByTestId("offline-switch").click();
    // The device forgets every saved answer before the page starts again (its delete is queued
    // ahead of the page's first open of the cache).
    await page.addInitScript(() => void indexedDB.deleteDatabase("owl-services-cache"));
    await page.reload();
    const kpis = page.getByRole("region", { name: "Key figures" });
    await expect
      .poll(async () => (await kpis.getByRole("alert").allTextContents()).join(""), { timeout: 20_000 })
      .toMatch(/^Could not load the key figures: the server cannot be reached and this device has no saved answer\./);
    // The rest of the page shows.
    await page.getByRole("heading", { name: "What can go wrong" }).waitFor();
    expect(await page.getByTestId("offline-banner").isVisible()).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}widget-failed-offline.png` });
    expect(await seriousViolations(page, ".d-widget-failure")).toEqual([]);
    await backOnlineAndRetry(page);
    expect(errors).toEqual([]);
  });
});

/** "Back online", the outbox emptied, then each failed widget's Retry, as each shows its failure, until every widget has loaded. */
async function backOnlineAndRetry(page: Page): Promise<void> {
  await page.getByTestId("offline-switch").click();
  await expect.poll(() => page.locator(".o_outbox_toggle").count(), { timeout: 30_000 }).toBe(0);
  const failed = page.getByTestId("widget-failure");
  const kpis = page.getByRole("region", { name: "Key figures" });
  const loaded = async () => {
    if (await failed.count()) await failed.first().getByRole("button", { name: "Retry" }).click({ timeout: 5000 }).catch(() => undefined);
    return { kpis: await kpis.getByTestId("kpi").count(), rows: (await page.locator("[data-testid=order-row]").count()) > 0, failed: await failed.count() };
  };
  await expect.poll(loaded, { timeout: 30_000 }).toEqual({ kpis: 4, rows: true, failed: 0 });
}
