// @vitest-environment node
/** The dashboard for people using a screen reader or a keyboard: axe-core's rules, and every action by Tab and Enter. */
import { describe, expect, test } from "vitest";
import { newPage, openDashboard, seriousViolations, shownNotifications, useDashboard } from "./dashboard_helpers";

const ctx = useDashboard();

describe("accessibility of the dashboard", () => {
  test.each(["light", "dark"] as const)("axe-core finds no serious or critical violation (%s), with an error's details open", async (colorScheme) => {
    const page = await openDashboard(ctx.browser, ctx.dashboard, { colorScheme });
    await page.waitForSelector("[data-testid=forecast-value]", { timeout: 60_000 });
    await page.click("[data-action=backend]");
    await page.locator(".o_notification").getByRole("button", { name: "Details" }).click();
    await page.locator(".o_rpc_error_details").waitFor();
    await page.locator("[data-testid=log-row] button").first().click();
    await page.locator(".d-chart-table summary").click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  test("the sign-in page and the new-order dialog have no serious or critical violation", async () => {
    const page = await newPage(ctx.browser);
    await page.goto(ctx.dashboard.url);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("button", { name: /Mitchell Admin/ }).click();
    await page.getByRole("button", { name: "New order" }).click();
    await page.getByRole("dialog", { name: "New order" }).getByTestId("line").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  test("keyboard only: Tab reaches every action, and Enter runs it", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    await page.locator("body").focus();
    const reached = new Set<string>();
    for (let i = 0; i < 150; i++) {
      await page.keyboard.press("Tab");
      const id = await page.evaluate(() => {
        const element = document.activeElement as HTMLInputElement | null;
        if (element?.dataset.action) return `action:${element.dataset.action}`;
        return element?.getAttribute("aria-label") ?? element?.labels?.[0]?.textContent?.trim() ?? element?.textContent?.trim() ?? "";
      });
      reached.add(id);
    }
    const actions = await page.locator("[data-action]").evaluateAll((buttons) => buttons.map((button) => `action:${(button as HTMLElement).dataset.action}`));
    expect(actions.length).toBeGreaterThan(8);
    for (const expected of [...actions, "Search orders", "New order", "Next", "Close the forecast widget", "Sign out", "Clear"]) {
      expect(reached, `Tab never reached ${expected}`).toContain(expected);
    }
    // Focus an action by keyboard and run it with Enter.
    await page.locator("[data-action=method]").focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => shownNotifications(page)).toEqual([{ title: "Method Not Found", content: expect.stringContaining("action_archive_all") }]);
    await page.close();
  });
});
