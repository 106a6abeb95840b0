// @vitest-environment node
/** The dashboard from a phone to a desktop: nothing scrolls sideways, and every order's actions can be reached. */
import { describe, expect, test } from "vitest";
import { SCREENSHOTS, openDashboard, useDashboard } from "./dashboard_helpers";

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
});
