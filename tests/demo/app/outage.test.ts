// @vitest-environment node
/** The server goes away and comes back: one notice, a calm poller shared by the tabs, and recovery. */
import type { Page, Request } from "playwright-core";
import { describe, expect, test } from "vitest";
import { OUTAGE_SECONDS } from "../../../demo/app/constants";
import { SCREENSHOTS, openDashboard, requestsTo, shownNotifications, useDashboard } from "./dashboard_helpers";

const ctx = useDashboard();
/** The dashboard's schedule (demo/app/main.ts): the n-th poll waits at most min(5 s, 1 s × 2ⁿ). */
const RECONNECT_DELAY = 1000;
const RECONNECT_MAX_DELAY = 5000;
const HEARTBEAT = "/web/webclient/version_info";
const RECOVERY_TIMEOUT = (OUTAGE_SECONDS + RECONNECT_MAX_DELAY / 1000 + 10) * 1000;

/** Times (ms) of the heartbeat polls `page` sends from now on. */
function recordHeartbeats(page: Page): number[] {
  const times: number[] = [];
  page.on("request", (request: Request) => {
    if (new URL(request.url()).pathname === HEARTBEAT) times.push(Date.now());
  });
  return times;
}

const lostNotices = async (page: Page) => (await shownNotifications(page)).filter((n) => n.content.startsWith("Connection lost"));

describe("an outage of the demo server, in Chromium", () => {
  test("one “Connection lost” notice however many calls fail, polls within the backoff's bounds, then “Connection restored” and a working dashboard", async () => {
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

    const servedBefore = requestsTo(ctx.dashboard, HEARTBEAT).length;
    await expect.poll(() => shownNotifications(page), { timeout: RECOVERY_TIMEOUT, interval: 200 }).toContainEqual({ title: "", content: "Connection restored" });
    const recoveredAfter = Date.now() - started;
    expect(await lostNotices(page)).toEqual([]);
    // The poll that found the server reached it; the ones before hit the proxy's 502.
    expect(requestsTo(ctx.dashboard, HEARTBEAT).length).toBeGreaterThan(servedBefore);
    expect(polls.length).toBeGreaterThanOrEqual(2);
    // Each wait is at most its attempt's bound (+1 s for the request and a loaded machine): the bounds grow to the cap.
    polls.slice(1).forEach((time, index) => {
      expect(time - polls[index]!).toBeLessThanOrEqual(Math.min(RECONNECT_MAX_DELAY, RECONNECT_DELAY * 2 ** (index + 1)) + 1000);
    });
    // Not a fixed 1-s poll, and noticed within the cap of the server's return.
    expect(polls.length).toBeLessThan(OUTAGE_SECONDS + 2);
    expect(recoveredAfter).toBeLessThan((OUTAGE_SECONDS + RECONNECT_MAX_DELAY / 1000 + 5) * 1000);

    await expect.poll(() => page.locator("[data-testid=log-row][data-outcome=result]", { hasText: "sale.order.search_read" }).count()).toBeGreaterThan(1);
    await page.getByRole("button", { name: "Next" }).click();
    await expect.poll(() => page.locator(".d-pager .d-muted").textContent()).toMatch(/^13–24 of /);
    await page.close();
  }, 60_000);

  test("two tabs during an outage: both show the notice, one polls, both recover", async () => {
    const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const first = await context.newPage();
    await first.goto(ctx.dashboard.url);
    await first.getByRole("button", { name: /Mitchell Admin/ }).click();
    await first.waitForSelector("[data-testid=order-row]");
    // The second tab shares the session cookie and the BroadcastChannel of the origin.
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
      await expect.poll(() => lostNotices(page), { timeout: 10_000 }).toHaveLength(1);
    }
    expect(ctx.dashboard.server.down, "the tabs saw the loss while the server is down").toBe(true);
    for (const page of [first, second]) {
      await expect.poll(() => shownNotifications(page), { timeout: RECOVERY_TIMEOUT, interval: 200 }).toContainEqual({ title: "", content: "Connection restored" });
    }
    // One tab polled for both.
    expect(polls.map((times) => times.length > 0).sort(), traffic.join("\n")).toEqual([false, true]);
    expect(await lostNotices(first)).toEqual([]);
    expect(await lostNotices(second)).toEqual([]);
    await context.close();
  }, 60_000);
});
