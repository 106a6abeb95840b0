// @vitest-environment node
/**
 * The outbox across the tabs of one origin, in Chromium against the demo server: changes made
 * offline in two tabs are applied once each, and a tab closed in the middle of a replay loses
 * nothing and applies nothing twice when the dashboard is opened again.
 */
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { signedIn } from "../server/demo_server_helpers";
import { deleteOrder, holdCalls, newOrderOffline, quotations, useDashboard } from "./dashboard_helpers";

const ctx = useDashboard();

/** A tab of `context` on the dashboard, signed in as admin (the quick button the first time, the session cookie after). */
async function openTab(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(ctx.dashboard.url);
  // The sign-in page (the first tab) or the dashboard (the session cookie): whichever shows.
  const signIn = page.getByRole("button", { name: /Mitchell Admin/ });
  const rows = page.locator("[data-testid=order-row]").first();
  await signIn.or(rows).waitFor({ timeout: 60_000 });
  if (await signIn.isVisible()) await signIn.click();
  await rows.waitFor({ timeout: 60_000 });
  return page;
}

const waiting = (page: Page) => page.locator(".o_outbox_live").textContent();

describe("the outbox across tabs", () => {
  test("changes made offline in two tabs show in both and are each applied once when the network is back", async () => {
    const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const admin = await signedIn(ctx.dashboard.server, "admin");
    try {
      const first = await openTab(context);
      const second = await openTab(context);
      const names = await quotations(first);
      const [confirmed, deletedA, deletedB] = names as [string, string, string];
      // Offline in one tab is offline in both, as a lost network is.
      await first.getByTestId("offline-switch").click();
      await expect.poll(() => second.getByTestId("offline-switch").textContent()).toBe("Back online");
      const partnerId = await newOrderOffline(first);
      const ordersBefore = await admin.call<number>("sale.order", "search_count", [[["partner_id", "=", partnerId]]]);
      await first.getByRole("button", { name: `Confirm ${confirmed}` }).click();
      await quotations(second);
      await deleteOrder(second, deletedA);
      await deleteOrder(second, deletedB);
      // Each tab shows the four changes, whichever tab made them.
      for (const tab of [first, second]) await expect.poll(() => waiting(tab)).toBe("4 changes waiting");

      await second.getByTestId("offline-switch").click();
      await expect.poll(() => first.getByTestId("offline-switch").textContent()).toBe("Work offline");
      for (const tab of [first, second]) await expect.poll(() => tab.locator(".o_outbox_toggle").count(), { timeout: 30_000 }).toBe(0);
      expect(await admin.call<number>("sale.order", "search_count", [[["partner_id", "=", partnerId]]])).toBe(ordersBefore + 1);
      const left = await admin.call<{ name: string; state: string }[]>("sale.order", "search_read", [[["name", "in", [confirmed, deletedA, deletedB]]], ["name", "state"]]);
      expect(left.map((order) => `${order.name} ${order.state}`)).toEqual([`${confirmed} sale`]);
    } finally {
      await context.close();
    }
  });

  test("a tab closed in the middle of a replay loses nothing: opened again, the dashboard sends the rest, and the change cut off is applied once", async () => {
    const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const admin = await signedIn(ctx.dashboard.server, "admin");
    try {
      const tab = await openTab(context);
      const [confirmed, deleted] = (await quotations(tab)) as [string, string];
      await tab.getByTestId("offline-switch").click();
      const partnerId = await newOrderOffline(tab);
      const ordersBefore = await admin.call<number>("sale.order", "search_count", [[["partner_id", "=", partnerId]]]);
      await tab.getByRole("button", { name: `Confirm ${confirmed}` }).click();
      await deleteOrder(tab, deleted);
      await expect.poll(() => waiting(tab)).toBe("3 changes waiting");
      const replayed = () => ctx.dashboard.requests.filter((line) => line.includes("/sale.order/web_save") && line.includes("seen before, answered with the first result")).length;
      const replayedBefore = replayed();

      // Back online: the replay's first change (the new order) reaches the server, and the tab closes before its answer.
      const held = holdCalls(ctx.dashboard, "sale.order.web_save");
      await tab.getByTestId("offline-switch").click();
      await held.reached;
      await tab.close();
      held.release();

      // Opened again: the changes are still kept, and sent; the new order's second send is answered from its key.
      const again = await openTab(context);
      await expect.poll(() => again.locator(".o_outbox_toggle").count(), { timeout: 30_000 }).toBe(0);
      await expect.poll(() => admin.call<number>("sale.order", "search_count", [[["name", "in", [confirmed, deleted]], ["state", "=", "sale"]]])).toBe(1);
      expect(await admin.call<number>("sale.order", "search_count", [[["partner_id", "=", partnerId]]])).toBe(ordersBefore + 1);
      expect(await admin.call<number>("sale.order", "search_count", [[["name", "=", deleted]]])).toBe(0);
      // The cut-off create was sent again with its key, and answered from it (its first send, whose
      // tab closed, was applied; the server may not log a request whose client has gone).
      expect(replayed()).toBe(replayedBefore + 1);
    } finally {
      await context.close();
    }
  });
});
