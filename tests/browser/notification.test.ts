// @vitest-environment node
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import type { ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchChromium, openFixture, startFixtureServer } from "./browser_helpers";

let browser: Browser;
let server: ViteDevServer;
let url: string;

beforeAll(async () => {
  ({ server, url } = await startFixtureServer());
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const shown = (page: Page) => page.locator(".o_notification .o_notification_content").allTextContents();

describe("notifications in Chromium", () => {
  test("a notification is not removed while hovered, and closes after the time left once the mouse leaves", async () => {
    const page = await openFixture(browser, url);
    // The library's timers in this page are the test's to run: the countdown ends when the test says, not when a busy machine gets to it.
    await page.evaluate(() => {
      const timers = new Map<number, { run: () => void; delay: number }>();
      let last = 0;
      Object.assign(window.fixture.browser, {
        setTimeout: (run: () => void, delay: number) => (timers.set(++last, { run, delay }), last),
        clearTimeout: (id: number) => timers.delete(id),
      });
      Object.assign(window, { timers });
    });
    /** The delays of the pending timers that can be this notification's countdown (the others, such as the live region's 10-s cleanup, are longer). */
    const countdowns = async () =>
      (await page.evaluate(() => [...(window as unknown as { timers: Map<number, { delay: number }> }).timers.values()].map((timer) => timer.delay))).filter((delay) => delay <= 1500);
    /** Runs every timer pending now, as if their time had come. */
    const runPendingTimers = () =>
      page.evaluate(() => {
        const { timers } = window as unknown as { timers: Map<number, { run: () => void }> };
        const due = [...timers];
        timers.clear();
        for (const [, timer] of due) timer.run();
      });
    await page.evaluate(() => window.fixture.env.services.notification.add("hover me", { autocloseDelay: 1500 }));
    await page.locator(".o_notification").waitFor();
    expect(await countdowns()).toEqual([1500]);
    await page.hover(".o_notification");
    await expect.poll(() => page.getAttribute(".o_notification", "data-paused")).toBe("true");
    // Hovered: the countdown is stopped, and running whatever is pending leaves the notification there.
    expect(await countdowns()).toEqual([]);
    await runPendingTimers();
    expect(await shown(page)).toEqual(["hover me"]);
    await page.mouse.move(5, 500);
    await expect.poll(() => page.getAttribute(".o_notification", "data-paused")).toBe("false");
    // Left: the countdown goes on for the time left (less than the whole delay), then closes it.
    const [left, ...others] = await countdowns();
    expect(others).toEqual([]);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(1500);
    await runPendingTimers();
    await page.waitForSelector(".o_notification", { state: "detached" });
    await page.close();
  });

  test("a text message keeps its line breaks; a markup message is laid out by its HTML", async () => {
    const page = await openFixture(browser, url);
    await page.evaluate(() => {
      const { notification } = window.fixture.env.services;
      notification.add("Model: Sales Order (sale.order)\nField: Customer (partner_id)");
      notification.add(window.fixture.markup("<b>bold</b>\n<i>same line</i>"));
    });
    await expect.poll(() => page.locator(".o_notification").count()).toBe(2);
    const texts = await page.locator(".o_notification_content").allInnerTexts();
    expect(texts).toEqual(["Model: Sales Order (sale.order)\nField: Customer (partner_id)", "bold same line"]);
    await page.close();
  });

  test("without owl-services/style.css: one console warning that names the import, and the live regions stay out of sight", async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 520 } });
    const warnings: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "warning") warnings.push(message.text());
    });
    await page.goto(`${url}unstyled.html`);
    await page.waitForFunction(() => window.unstyled?.ready === true);
    await page.evaluate(() => window.unstyled.env.services.notification.add("Saved", { type: "success" }));
    await expect.poll(() => page.locator(".o_notification_content").count()).toBe(1);
    expect(warnings.filter((text) => text.startsWith("owl-services:"))).toEqual([
      'owl-services: the notification container has no stylesheet, so notifications show unstyled in the page flow. Import "owl-services/style.css" once in your app.',
    ]);
    // The announcement is in a live region, which takes no visible room whatever the stylesheet.
    await expect.poll(() => page.locator(".o_notification_live").first().textContent()).toBe("Saved");
    for (const box of await page.locator(".o_notification_live").evaluateAll((regions) => regions.map((region) => region.getBoundingClientRect()))) {
      expect(box.width).toBeLessThanOrEqual(1);
      expect(box.height).toBeLessThanOrEqual(1);
    }
    await page.close();
  });

  test("an rpc error nobody handled is shown with its category title", async () => {
    const page = await openFixture(browser, url);
    await page.evaluate(() => {
      const { RPCError } = window.fixture.lib;
      // A real unhandled rejection: the browser fires unhandledrejection on its own.
      void Promise.reject(new RPCError({ route: "/web/dataset/call_kw/res.partner/write", code: 200, message: "Odoo Server Error", data: { name: "odoo.exceptions.AccessError", message: "You are not allowed to modify this contact." } }));
    });
    await page.waitForSelector(".o_notification_danger");
    expect(await page.textContent(".o_notification_title")).toBe("Access Error");
    expect(await shown(page)).toEqual(["You are not allowed to modify this contact."]);
    await page.close();
  });

  test("Details reveals exception, route and traceback, readable in the notification", async () => {
    const page = await openFixture(browser, url, {}, { reducedMotion: "reduce" });
    await page.evaluate(() => {
      const { RPCError } = window.fixture.lib;
      void Promise.reject(new RPCError({ route: "/web/dataset/call_kw/sale.order/action_confirm", code: 200, message: "Odoo Server Error", data: { name: "psycopg2.errors.UniqueViolation", message: 'duplicate key value violates unique constraint "sale_order_name_uniq"', debug: 'Traceback (most recent call last):\n  File "odoo/service/model.py", line 133, in retrying\n    result = func()\npsycopg2.errors.UniqueViolation: duplicate key value violates unique constraint "sale_order_name_uniq"\nDETAIL:  Key (name, company_id)=(S00042, 1) already exists.' } }));
    });
    await page.getByRole("button", { name: "Details" }).click();
    await page.waitForSelector(".o_rpc_error_details");
    const details = await page.textContent(".o_rpc_error_details");
    expect(details).toContain("Route: /web/dataset/call_kw/sale.order/action_confirm");
    expect(details).toContain("Key (name, company_id)=(S00042, 1) already exists.");
    expect(await page.textContent(".o_notification_title")).toBe("Constraint Violation");
    expect(await page.$eval(".o_rpc_error_details", (el) => el.getBoundingClientRect().height)).toBeGreaterThan(40);
    await page.screenshot({ path: "test-results/error-details.png" });
    await page.close();
  });

  test("a caught rpc error shows nothing", async () => {
    const page = await openFixture(browser, url);
    await page.evaluate(async () => {
      const { RPCError } = window.fixture.lib;
      await Promise.reject(new RPCError({ route: "/x", code: 200, message: "m", data: {} })).catch(() => {});
    });
    // An error nobody catches, after it: once its notification is shown, one for the caught error would be too.
    await page.evaluate(() => {
      const { RPCError } = window.fixture.lib;
      void Promise.reject(new RPCError({ route: "/y", code: 200, message: "m", data: { name: "odoo.exceptions.UserError", message: "not caught" } }));
    });
    await expect.poll(() => shown(page)).toEqual(["not caught"]);
    expect(await page.locator(".o_notification").count()).toBe(1);
    await page.close();
  });

  test("the close button has an accessible name and Escape closes the newest notification", async () => {
    const page = await openFixture(browser, url);
    await page.evaluate(() => {
      const { notification } = window.fixture.env.services;
      notification.add("first", { sticky: true });
      notification.add("second", { sticky: true });
    });
    await page.getByRole("button", { name: "Close notification" }).first().waitFor();
    await page.getByRole("button", { name: "Close notification" }).nth(1).focus();
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => document.querySelectorAll(".o_notification").length === 1);
    expect(await shown(page)).toEqual(["first"]);
    await page.close();
  });

  test("renders the default look in light and dark schemes (screenshots in test-results/)", async () => {
    mkdirSync("test-results", { recursive: true });
    for (const colorScheme of ["light", "dark"] as const) {
      const page = await openFixture(browser, url, {}, { colorScheme, reducedMotion: "reduce" });
      await page.evaluate(() => {
        const { notification } = window.fixture.env.services;
        const { markup } = window.fixture;
        notification.add("The quotation was sent to the customer.", { title: "Quotation sent", type: "success", sticky: true });
        notification.add("Syncing 3 orders with the warehouse.", { type: "info", sticky: true });
        notification.add(markup("Stock for <b>Desk Combination</b> is low."), { title: "Inventory", type: "warning", sticky: true, buttons: [{ name: "Reorder", primary: true, onClick: () => {} }, { name: "Ignore", onClick: () => {} }] });
        notification.add("You are not allowed to modify this contact.", { title: "Access Error", type: "danger", sticky: true, buttons: [{ name: "Details", onClick: () => {} }] });
        for (let i = 0; i < 3; i++) notification.add("Draft saved", { type: "info", sticky: true });
      });
      await page.waitForFunction(() => document.querySelectorAll(".o_notification").length === 5);
      const background = await page.$eval(".o_notification", (el) => getComputedStyle(el).backgroundColor);
      expect(background).toBe(colorScheme === "light" ? "rgb(255, 255, 255)" : "rgb(30, 37, 48)");
      expect(await page.$eval(".o_notification_count", (el) => el.textContent)).toBe("×3");
      await page.screenshot({ path: `test-results/notifications-${colorScheme}.png` });
      await page.close();
    }
  });

  test("shows no progress bar under prefers-reduced-motion", async () => {
    const page = await openFixture(browser, url, {}, { reducedMotion: "reduce" });
    await page.evaluate(() => window.fixture.env.services.notification.add("calm", { autocloseDelay: 60_000 }));
    await page.waitForSelector(".o_notification_progress", { state: "attached" });
    expect(await page.$eval(".o_notification_progress", (el) => getComputedStyle(el).display)).toBe("none");
    await page.close();
  });

  test("a lost server shows one calm notice with Retry now, however many calls fail", async () => {
    // Port 9 (discard) is closed here: every request fails at the network level, as offline.
    const page = await openFixture(browser, url, { rpc: { heartbeatRoute: "http://127.0.0.1:9/hb", reconnectDelay: 8000 } }, { reducedMotion: "reduce" });
    const failures = await page.evaluate(async () => {
      const { rpc } = window.fixture.env.services;
      const results = await Promise.allSettled([rpc("http://127.0.0.1:9/a"), rpc("http://127.0.0.1:9/b"), rpc("http://127.0.0.1:9/c")]);
      return results.map((r) => (r.status === "rejected" ? (r.reason as Error).name : "fulfilled"));
    });
    expect(failures).toEqual(["ConnectionLostError", "ConnectionLostError", "ConnectionLostError"]);
    await page.waitForSelector(".o_connection_lost");
    expect(await page.locator(".o_connection_lost").count()).toBe(1);
    expect(await page.textContent(".o_connection_lost .o_notification_content")).toMatch(/^Connection lost\. Trying to reconnect( in \d s)?…$/);
    expect(await page.getByRole("button", { name: "Retry now" }).count()).toBe(1);
    await page.screenshot({ path: "test-results/connection-lost.png" });
    await page.close();
  });
});
