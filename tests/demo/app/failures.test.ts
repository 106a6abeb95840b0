// @vitest-environment node
/** "What can go wrong": each action makes the real server fail, and the user sees why. */
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { REPORT_TIMEOUT } from "../../../demo/app/constants";
import { SCREENSHOTS, holdCalls, openDashboard, requestsTo, seriousViolations, shownNotifications, useDashboard } from "./dashboard_helpers";

const ctx = useDashboard();

async function act(page: Page, action: string): Promise<void> {
  await page.click(`[data-action=${action}]`);
}

describe("What can go wrong, in Chromium against the real server", () => {
  test.each([
    ["backend", "Server Error", /^Invalid commission rate for country '[A-Z]{2}': None$/, "builtins.ValueError"],
    ["method", "Method Not Found", /^The method 'action_archive_all' does not exist on the model 'sale\.order'$/, "builtins.AttributeError"],
    ["params", "Server Error", /^search_read\(\) got an unexpected keyword argument 'domian'$/, "builtins.TypeError"],
    ["unique", "Constraint Violation", /^The operation cannot be completed: Order Reference must be unique!$/, "psycopg2.errors.UniqueViolation"],
    ["foreign_key", "Constraint Violation", /^The operation cannot be completed: another model requires the record being deleted\./, "psycopg2.errors.ForeignKeyViolation"],
    ["integration", "User Error", /^The carrier refused the shipment of S\d{5} \(HTTP 422\): recipient\.zip is required\./, "odoo.exceptions.UserError"],
  ])("%s shows “%s” with the server's message, and Details with the traceback", async (action, title, message, inTraceback) => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    await act(page, action);
    await expect.poll(() => shownNotifications(page)).toEqual([{ title, content: expect.stringMatching(message) }]);
    await page.locator(".o_notification").getByRole("button", { name: "Details" }).click();
    // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, whose innerText is what the user sees
    await expect.poll(() => page.locator(".o_notification").innerText()).toContain("Traceback (most recent call last):");
    // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, whose innerText is what the user sees
    expect(await page.locator(".o_notification").innerText()).toContain(inTraceback);
    // The RPC log has the call, with why it failed.
    expect(await page.locator("[data-testid=log-row][data-outcome=error]").count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SCREENSHOTS}failure-${action}.png` });
    await page.close();
  });

  test("access rights: the salesperson's delete is refused with “Access Error”, and the order is still there", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard, { as: "sales" });
    const unlinks = requestsTo(ctx.dashboard, "/web/dataset/call_kw/sale.order/unlink").length;
    await act(page, "access");
    await expect.poll(() => shownNotifications(page)).toEqual([{ title: "Access Error", content: expect.stringMatching(/^You are not allowed to delete 'Sales Order' \(sale\.order\) records\./) }]);
    expect(requestsTo(ctx.dashboard, "/web/dataset/call_kw/sale.order/unlink")).toHaveLength(unlinks + 1);
    await page.close();
  });

  test("an admin is offered to switch to the salesperson for the access case", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    await act(page, "access");
    await expect.poll(() => page.locator("#d-user-switch").inputValue()).toBe("sales");
    await page.close();
  });

  test("a timeout shows “Request Timed Out” after the call's timeout, while the server is still working", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    // The server holds the report until the client has given up on it.
    const report = holdCalls(ctx.dashboard, "sale.order.print_quarterly_report");
    try {
      await act(page, "timeout");
      await report.reached;
      await expect.poll(() => shownNotifications(page)).toEqual([
        { title: "Request Timed Out", content: `The server did not answer /web/dataset/call_kw/sale.order/print_quarterly_report within ${REPORT_TIMEOUT / 1000} s.` },
      ]);
      expect(await page.locator("[data-testid=log-row][data-outcome=timeout]").count()).toBe(1);
      // Still working: the server has not answered the report.
      expect(requestsTo(ctx.dashboard, "/web/dataset/call_kw/sale.order/print_quarterly_report")).toHaveLength(0);
    } finally {
      report.release();
    }
    await page.close();
  });

  test("a caught error shows no notification; the code that caught it shows the message", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    await act(page, "caught");
    await expect.poll(() => page.locator("[data-cause=caught] [data-testid=cause-note]").textContent()).toMatch(/^Caught builtins\.ValueError \(category "server"\): Invalid commission rate/);
    // An error nobody catches, after it: once its notification is shown, one for the caught error would be too.
    await act(page, "method");
    await expect.poll(() => shownNotifications(page)).toEqual([{ title: "Method Not Found", content: expect.stringContaining("action_archive_all") }]);
    await page.close();
  });

  test("an expired session opens the sign-in dialog: signed in again, the refused call is answered, and nothing was reloaded or lost", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));
    const search = page.getByPlaceholder("Search reference or customer…");
    await search.fill("Dubai");
    await act(page, "session");
    const dialog = page.getByRole("dialog", { name: "Sign in again" });
    await dialog.waitFor();
    expect(await dialog.getByLabel("Login").inputValue()).toBe("admin");
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("password");
    await page.screenshot({ path: `${SCREENSHOTS}sign-in-dialog.png` });
    // Its primary button in the dashboard's purple (--d-accent), not the library's blue.
    expect(await dialog.getByRole("button", { name: "Sign in" }).evaluate((button) => getComputedStyle(button).backgroundColor)).toBe("rgb(113, 75, 103)");
    expect(await seriousViolations(page, ".o_sign_in_dialog")).toEqual([]);
    await dialog.getByLabel("Password").fill("wrong");
    await dialog.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => dialog.getByRole("alert").textContent()).toBe("Access Denied");
    await dialog.getByLabel("Password").fill("admin");
    await dialog.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.locator("[data-cause=session] [data-testid=cause-note]").textContent()).toMatch(/^Answered after the sign-in: \d{1,3}(,\d{3})+ orders\.$/);
    expect(await dialog.count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(await search.inputValue()).toBe("Dubai");
    expect(await shownNotifications(page)).toEqual([]);
    await page.close();
  });

  test("“Not now” in the sign-in dialog lets the call fail: “Session Expired” with Reload, which brings back the sign-in page", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard, { colorScheme: "dark" });
    await act(page, "session");
    const dialog = page.getByRole("dialog", { name: "Sign in again" });
    await dialog.waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}sign-in-dialog-dark.png` });
    expect(await dialog.getByRole("button", { name: "Sign in" }).evaluate((button) => getComputedStyle(button).backgroundColor)).toBe("rgb(197, 143, 183)");
    expect(await seriousViolations(page, ".o_sign_in_dialog")).toEqual([]);
    await dialog.getByRole("button", { name: "Not now" }).click();
    await expect.poll(() => shownNotifications(page)).toEqual([{ title: "Session Expired", content: "Reload the page to sign in again." }]);
    await page.locator(".o_notification").getByRole("button", { name: "Reload" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.close();
  });
});
