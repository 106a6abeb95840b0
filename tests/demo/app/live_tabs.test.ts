// @vitest-environment node
/**
 * The dashboard's tabs share one bus socket (issue #26, section 4), in Chromium: three tabs of one
 * profile hold one socket; a reload resumes from the last id without a gap; a closed leader tab hands over.
 */
import type { BrowserContext, Page, Route } from "playwright-core";
import { afterEach, describe, expect, test } from "vitest";
import { signedIn } from "../server/demo_server_helpers";
import { useDashboard } from "./dashboard_helpers";
import { busStats, heard, quotationOf } from "./live_helpers";

const ctx = useDashboard();
let context: BrowserContext | undefined;
afterEach(async () => {
  await context?.close();
  context = undefined;
});

/** A profile with `count` tabs of the dashboard, signed in as the manager; each tab's sockets counted. */
async function tabs(count: number): Promise<{ pages: Page[]; sockets: Map<Page, number> }> {
  context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const pages: Page[] = [];
  const sockets = new Map<Page, number>();
  for (let i = 0; i < count; i++) {
    const page = await context.newPage();
    sockets.set(page, 0);
    page.on("websocket", () => sockets.set(page, sockets.get(page)! + 1));
    await page.goto(ctx.dashboard.url);
    if (i === 0) await page.getByRole("button", { name: /Mitchell Admin/ }).click();
    await page.waitForSelector("[data-testid=order-row]", { timeout: 60_000 });
    pages.push(page);
  }
  return { pages, sockets };
}

/** A write by another user (a salesperson's session outside the browser) to one of their quotations; resolves with its id. */
async function anotherUserWrites(): Promise<number> {
  const { id } = await quotationOf(ctx.dashboard, "sales");
  const sales = await signedIn(ctx.dashboard.server, "sales");
  await sales.post("/demo/edit_order", { order_id: id });
  return id;
}

describe("the dashboard's tabs and the bus", () => {
  test("three tabs of one profile share one socket, and each hears every change", async () => {
    const { pages } = await tabs(3);
    const id = await anotherUserWrites();
    for (const page of pages) await heard(page, "sale.order", id);
    expect((await busStats(pages[0]!)).sockets).toBe(1);
  });

  test("a reload resumes from the last id: a write made while the page reloads reaches it", async () => {
    const { pages: [page] } = await tabs(1);
    const first = await anotherUserWrites();
    await heard(page!, "sale.order", first);
    // The new document's scripts held: the old page is gone (its socket with it), the new one not started.
    const held: Route[] = [];
    let reached!: () => void;
    const scriptsAsked = new Promise<void>((resolve) => (reached = resolve));
    await page!.route("**/assets/**", (route) => {
      held.push(route);
      reached();
    });
    const reloading = page!.reload();
    await scriptsAsked;
    const during = await anotherUserWrites();
    const release = async (route: Route) => {
      await route.continue();
    };
    await page!.route("**/assets/**", release);
    for (const route of held.splice(0)) await route.fallback();
    await reloading;
    await heard(page!, "sale.order", during);
  });

  test("closing the tab that holds the socket hands it over: a write after it reaches the other tabs", async () => {
    const { pages, sockets } = await tabs(3);
    const id = await anotherUserWrites();
    for (const page of pages) await heard(page, "sale.order", id);
    const leader = pages.find((page) => sockets.get(page)! > 0)!;
    expect(leader).toBeDefined();
    await leader.close();
    const after = await anotherUserWrites();
    const others = pages.filter((page) => page !== leader);
    for (const page of others) await heard(page, "sale.order", after);
    await expect.poll(async () => (await busStats(others[0]!)).sockets).toBe(1);
  });
});
