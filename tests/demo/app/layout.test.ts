// @vitest-environment node
/** The dashboard from a phone to a desktop: nothing scrolls sideways, and every order's actions can be reached. */
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { SCREENSHOTS, openDashboard, useDashboard } from "./dashboard_helpers";

/** The header's controls and the buttons of the first `rows` order rows, on screen, that a notification covers (their accessible names, or text). */
function coveredByNotifications(page: Page, rows: number): Promise<string[]> {
  return page.evaluate((rows) => {
    const notes = [...document.querySelectorAll(".o_notification")].map((note) => note.getBoundingClientRect());
    const buttons = [...document.querySelectorAll("[data-testid=order-row]")].slice(0, rows).flatMap((row) => [...row.querySelectorAll<HTMLElement>("button")]);
    const targets = [...document.querySelectorAll<HTMLElement>(".d-header select, .d-header button"), ...buttons];
    return targets
      .filter((target) => {
        const box = target.getBoundingClientRect();
        if (box.bottom <= 0 || box.top >= window.innerHeight) return false; // off screen: scrolled away, not covered
        return notes.some((note) => box.left < note.right && note.left < box.right && box.top < note.bottom && note.top < box.bottom);
      })
      .map((target) => target.getAttribute("aria-label") ?? target.textContent?.trim() ?? "");
  }, rows);
}

const ctx = useDashboard();

describe("the dashboard's layout", () => {
  for (const width of [360, 768, 1280]) {
    for (const colorScheme of ["light", "dark"] as const) {
      test(`at ${width} px, ${colorScheme}: no sideways scroll, and each order's buttons are on screen`, async () => {
        const page = await openDashboard(ctx.browser, ctx.dashboard, { width, colorScheme });
        await page.waitForSelector("[data-testid=kpi] .d-kpi-value");
        expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
        const outside = await page.locator("[data-testid=order-row] button").evaluateAll((buttons) =>
          buttons.filter((button) => button.getBoundingClientRect().right > window.innerWidth || button.getBoundingClientRect().left < 0).map((button) => button.getAttribute("aria-label")),
        );
        expect(outside).toEqual([]);
        await page.screenshot({ path: `${SCREENSHOTS}layout-${width}-${colorScheme}.png`, fullPage: true });
        await page.close();
      });
    }
  }

  for (const width of [390, 1280]) {
    // A desktop keeps every row's buttons free; a phone, whose notifications span its width, the first row's, scrolled under the header.
    const rows = width < 600 ? 1 : 1000;
    test(`at ${width} px, sticky danger notifications cover neither the header (user switcher, Sign out) nor the orders' buttons (${rows === 1 ? "the first row" : "every row"})`, async () => {
      const page = await openDashboard(ctx.browser, ctx.dashboard, { width });
      for (const action of ["backend", "method"]) await page.click(`[data-action=${action}]`);
      await expect.poll(() => page.locator(".o_notification").count()).toBe(2);
      expect(await coveredByNotifications(page, rows)).toEqual([]);
      // The orders under the header, as a user scrolls to them: their buttons are free too.
      await page.evaluate(() => {
        const header = document.querySelector(".d-header")!.getBoundingClientRect().height;
        const row = document.querySelector("[data-testid=order-row]")!;
        window.scrollBy(0, row.getBoundingClientRect().top - header - 8);
      });
      expect(await page.locator("[data-testid=order-row] button").first().isVisible()).toBe(true);
      await page.screenshot({ path: `${SCREENSHOTS}notifications-${width}.png` });
      expect(await coveredByNotifications(page, rows)).toEqual([]);
      await page.close();
    });
  }
});
