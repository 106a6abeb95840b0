/** What the live-data tests share: the bus lines of the page's RPC log, the server's bus figures, quotations to change. */
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { signedIn } from "../server/demo_server_helpers";
import type { Dashboard } from "./dashboard_helpers";

/** A bus line of the RPC log: the notification's type, model and ids. */
export interface BusLine {
  type: string;
  model: string;
  ids: number[];
}

/** The bus notifications the page's RPC log shows, newest first. */
export function busLines(page: Page): Promise<BusLine[]> {
  return page.locator("[data-testid=log-bus]").evaluateAll((rows) =>
    rows.map((row) => ({
      type: row.getAttribute("data-type") ?? "",
      model: row.getAttribute("data-model") ?? "",
      ids: (row.getAttribute("data-ids") ?? "").split(",").filter(Boolean).map(Number),
    })),
  );
}

/** Resolves once the page's RPC log shows a records/changed line of `model` naming `id`. */
export async function heard(page: Page, model: string, id: number): Promise<void> {
  await expect
    .poll(async () => (await busLines(page)).some((line) => line.type === "records/changed" && line.model === model && line.ids.includes(id)), { timeout: 30_000 })
    .toBe(true);
}

/**
 * Resolves once the page's bus has subscribed: a page of a new browser context has no last id, and
 * its first subscription is answered with bus/reset (its RPC log's line).
 */
export async function subscribed(page: Page): Promise<void> {
  await expect.poll(async () => (await busLines(page)).some((line) => line.type === "bus/reset"), { timeout: 30_000 }).toBe(true);
}

/** `/demo/bus_stats` asked by the page (its session must be a manager's). */
export function busStats(page: Page): Promise<{ sockets: number; channels: number; notifications: number }> {
  return page.evaluate(async () => {
    const response = await fetch("/demo/bus_stats", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", method: "call", params: {}, id: 1 }) });
    const reply = (await response.json()) as { result?: { sockets: number; channels: number; notifications: number }; error?: { data: { message: string } } };
    if (!reply.result) throw new Error(`/demo/bus_stats: ${reply.error?.data.message ?? "no result"}`);
    return reply.result;
  });
}

/** A new quotation of `login`'s with one line (made by them, so theirs), its id, name and line's id. */
export async function quotationOf(dashboard: Dashboard, login: string): Promise<{ id: number; name: string; lineId: number }> {
  const client = await signedIn(dashboard.server, login);
  const [partner] = await client.call<number[]>("res.partner", "search", [[["is_company", "=", true]]], { limit: 1 });
  const id = await client.call<number>("sale.order", "create", [{ partner_id: partner, order_line: [[0, 0, { product_id: 1, product_uom_qty: 2 }]] }]);
  const [order] = await client.call<{ name: string; order_line: number[] }[]>("sale.order", "read", [[id], ["name", "order_line"]]);
  return { id, name: order!.name, lineId: order!.order_line[0]! };
}

/** Shows only `name` in the page's orders table (its search). */
export async function showOnly(page: Page, name: string): Promise<void> {
  await page.locator("#d-orders-search").fill(name);
  await page.locator("#d-orders-search").press("Enter");
  await expect.poll(() => page.locator("[data-testid=order-row] strong").allTextContents()).toEqual([name]);
}

/** The total the orders table shows on the row of `name`. */
export function rowTotal(page: Page, name: string): Promise<string | null> {
  return page.locator("[data-testid=order-row]", { hasText: name }).locator("td[data-label=Total]").textContent();
}
