// @vitest-environment node
/** The server goes away and comes back: one notice, a calm poller shared by the tabs, and recovery. */
import type { Page, Request } from "playwright-core";
import { describe, expect, test } from "vitest";
import { reconnectAt } from "../../../src/services/rpc/call/rpc_options";
import { SCREENSHOTS, openDashboard, requestsTo, shownNotifications, useDashboard } from "./dashboard_helpers";

const ctx = useDashboard();
/** The dashboard's schedule (demo/app/main.ts): windows of 1, 2 and 4 s, then 5 s, one poll in each. */
const SCHEDULE = { reconnectDelay: 1000, reconnectMaxDelay: 5000 };
const HEARTBEAT = "/web/webclient/version_info";

/** Times (ms) of the heartbeat polls `page` sends from now on. */
function recordHeartbeats(page: Page): number[] {
  const times: number[] = [];
  page.on("request", (request: Request) => {
    if (new URL(request.url()).pathname === HEARTBEAT) times.push(Date.now());
  });
  return times;
}

/**
 * The most polls the schedule allows in the first `elapsed` ms of a loss: one per window begun. A
 * loaded machine only delays polls, so this bound holds however busy it is; a poll every second
 * would break it within seconds.
 */
function pollsAllowed(elapsed: number): number {
  let windows = 0;
  while (reconnectAt(windows, SCHEDULE, 0) <= elapsed) windows++;
  return windows;
}

const lostNotices = async (page: Page) => (await shownNotifications(page)).filter((n) => n.content.startsWith("Connection lost"));

describe("an outage of the demo server, in Chromium", () => {
  test("one “Connection lost” notice however many calls fail, polls no more often than the backoff allows, then “Connection restored” at the first poll after the server's return", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    const polls = recordHeartbeats(page);
    const started = Date.now();
    await page.click("[data-action=outage]");
    await expect.poll(() => ctx.dashboard.server.down).toBe(true);
    await expect.poll(() => shownNotifications(page)).toEqual([{ title: "", content: expect.stringMatching(/^Connection lost\. Trying to reconnect/) }]);
    // The dashboard reloaded five things at once: all failed, one notice.
    await expect.poll(() => page.locator("[data-testid=log-row][data-outcome=network]").count()).toBeGreaterThanOrEqual(5);
    expect(await lostNotices(page)).toHaveLength(1);
    await page.screenshot({ path: `${SCREENSHOTS}connection-lost.png` });

    // Three polls while the server is away (the third comes 3 to 7 s into the loss), then it returns.
    await expect.poll(() => polls.length).toBeGreaterThanOrEqual(3);
    await ctx.dashboard.server.endOutage();
    const pollsWhileDown = polls.length;
    expect(pollsWhileDown).toBeLessThanOrEqual(pollsAllowed(Date.now() - started));
    const servedBefore = requestsTo(ctx.dashboard, HEARTBEAT).length;

    await expect.poll(() => shownNotifications(page)).toContainEqual({ title: "", content: "Connection restored" });
    expect(await lostNotices(page)).toEqual([]);
    // The poll that found the server reached it, and it was the first one after its return.
    expect(requestsTo(ctx.dashboard, HEARTBEAT).length).toBeGreaterThan(servedBefore);
    expect(polls.length - pollsWhileDown).toBeLessThanOrEqual(1);

    await expect.poll(() => page.locator("[data-testid=log-row][data-outcome=result]", { hasText: "sale.order.web_search_read" }).count()).toBeGreaterThan(1);
    await page.getByRole("button", { name: "Next" }).click();
    await expect.poll(() => page.locator(".d-pager .d-muted").textContent()).toMatch(/^13–24 of /);
    await page.close();
  });

  test("two tabs during an outage: both show the notice, one polls, both recover", async () => {
    const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const first = await context.newPage();
    await first.goto(ctx.dashboard.url);
    await first.getByRole("button", { name: /Mitchell Admin/ }).click();
    await first.waitForSelector("[data-testid=order-row]");
    // The second tab shares the session cookie, the BroadcastChannel and the Web Locks of the origin.
    const second = await context.newPage();
    await second.goto(ctx.dashboard.url);
    await second.waitForSelector("[data-testid=order-row]");
    const polls = [recordHeartbeats(first), recordHeartbeats(second)];
    const traffic: string[] = [];
    for (const [index, page] of [first, second].entries()) {
      page.on("response", (response) => traffic.push(`${Date.now() % 100000} tab${index + 1} ${response.status()} ${new URL(response.url()).pathname}`));
      page.on("requestfailed", (request) => traffic.push(`${Date.now() % 100000} tab${index + 1} FAILED ${new URL(request.url()).pathname}`));
    }

    expect(ctx.dashboard.server.down).toBe(false);
    await first.click("[data-action=outage]");
    await expect.poll(() => ctx.dashboard.server.down).toBe(true);
    for (const page of [first, second]) {
      await expect.poll(() => lostNotices(page)).toHaveLength(1);
    }
    // Two polls while the server is away, then it returns.
    await expect.poll(() => polls[0]!.length + polls[1]!.length).toBeGreaterThanOrEqual(2);
    await ctx.dashboard.server.endOutage();
    for (const page of [first, second]) {
      await expect.poll(() => shownNotifications(page)).toContainEqual({ title: "", content: "Connection restored" });
    }
    // One tab polled for both.
    expect(polls.map((times) => times.length > 0).sort(), traffic.join("\n")).toEqual([false, true]);
    expect(await lostNotices(first)).toEqual([]);
    expect(await lostNotices(second)).toEqual([]);
    await context.close();
  });
});
