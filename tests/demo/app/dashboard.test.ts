// @vitest-environment node
import { describe, expect, test } from "vitest";
import { signedIn } from "../server/demo_server_helpers";
import { PAGE_SIZE } from "../../../demo/app/constants";
import { deleteOrder, holdCalls, openDashboard, requestsTo, SCREENSHOTS, shownNotifications, untilQuiet, useDashboard } from "./dashboard_helpers";

const ctx = useDashboard();

describe("the dashboard in Chromium", () => {
  test("a wrong password is told in the form, with no notification; the right one shows KPIs, chart and orders", async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(ctx.dashboard.url);
    await page.getByLabel("Login").fill("admin");
    await page.getByLabel("Password").fill("wrong");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect.poll(() => page.locator("#d-signin-error").textContent()).toBe("Access Denied: wrong login or password.");
    expect(await shownNotifications(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}sign-in-error.png` });

    await page.getByLabel("Password").fill("admin");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForSelector("[data-testid=order-row]");
    const kpi = (what: string) => page.locator("[data-testid=kpi]").locator(`.d-kpi-${what}`).allTextContents();
    expect(await kpi("label")).toEqual(["Revenue, last 30 days", "Orders, last 30 days", "Open quotations", "Average order"]);
    const values = await kpi("value");
    expect(values[0]).toMatch(/^€[1-9][\d,]+$/);
    expect(values[1]).toMatch(/^[1-9]\d*$/);
    const admin = await signedIn(ctx.dashboard.server, "admin");
    expect(values[2]).toBe(String(await admin.call("sale.order", "search_count", [[["state", "in", ["draft", "sent"]]]])));
    expect(await page.locator("[data-testid=order-row]").count()).toBe(PAGE_SIZE);
    expect(await page.getByTestId("orders-count").textContent()).toBe("(3,000)");
    // The chart drew: 24 months in its table, and pixels on its canvas.
    expect(await page.locator(".d-chart-table tbody tr").count()).toBe(24);
    const painted = await page.locator(".d-chart canvas").evaluate((canvas: HTMLCanvasElement) => {
      const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
      return data.some((value, index) => index % 4 === 3 && value > 0);
    });
    expect(painted).toBe(true);
    expect(await page.locator("canvas").getAttribute("aria-label")).toMatch(/^Monthly revenue for the last 24 months\. Highest: /);
    await page.screenshot({ path: `${SCREENSHOTS}dashboard.png` });
    await page.screenshot({ path: `${SCREENSHOTS}dashboard-full.png`, fullPage: true });
    await page.close();
  });

  test("fits 1024 px without horizontal scrolling, and follows the dark scheme", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard, { width: 1024, colorScheme: "dark" });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe("rgb(21, 23, 26)");
    await page.screenshot({ path: `${SCREENSHOTS}dashboard-dark-1024.png` });
    await page.close();
  });

  test("pages, searches and sorts the orders through the server", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    const first = await page.locator("[data-testid=order-row] td:first-child").allTextContents();
    await page.getByRole("button", { name: "Next" }).click();
    await expect.poll(() => page.locator(".d-pager .d-muted").textContent()).toBe(`${PAGE_SIZE + 1}–${2 * PAGE_SIZE} of 3,000`);
    const admin = await signedIn(ctx.dashboard.server, "admin");
    const secondPage = await admin.call<{ name: string }[]>("sale.order", "search_read", [[], ["name"]], { order: "date_order desc", offset: PAGE_SIZE, limit: PAGE_SIZE });
    await expect.poll(() => page.locator("[data-testid=order-row] td:first-child").allTextContents()).toEqual(secondPage.map((order) => order.name));
    expect(secondPage.some((order) => first.includes(order.name))).toBe(false);

    await page.getByLabel("Search orders").fill("Azure");
    await page.getByLabel("Search orders").press("Enter");
    await expect.poll(() => page.locator("[data-testid=order-row] td:nth-child(3)").allTextContents()).toSatisfy((names: string[]) => names.length > 0 && names.every((name) => name === "Azure Interior"));
    const azure = await admin.call<number>("sale.order", "search_count", [["|", ["name", "ilike", "Azure"], ["partner_id", "ilike", "Azure"]]]);
    expect(await page.getByTestId("orders-count").textContent()).toBe(`(${azure.toLocaleString("en-US")})`);

    await page.getByLabel("Search orders").fill("");
    await page.getByLabel("Search orders").press("Enter");
    await page.getByRole("button", { name: /^Total/ }).click();
    await expect.poll(() => page.locator("th[aria-sort=ascending]").textContent()).toContain("Total");
    const lowest = await admin.call<{ name: string }[]>("sale.order", "search_read", [[], ["name"]], { order: "amount_total asc", limit: PAGE_SIZE });
    await expect.poll(() => page.locator("[data-testid=order-row] td:first-child").allTextContents()).toEqual(lowest.map((order) => order.name));
    await page.close();
  });

  test("the orders table shows the answer to its last request: an earlier one answering late is dropped", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    // The table's reads of every order (not the quotations') wait until released.
    await page.route("**/sale.order/web_search_read", async (route) => {
      if (!route.request().postData()?.includes('"draft"')) {
        held++;
        await released;
      }
      await route.continue().catch(() => undefined);
    });
    await page.getByRole("button", { name: /^Total/ }).click();
    await expect.poll(() => held).toBeGreaterThan(0);
    // The quotations asked for after it are answered first, then the sort's answer comes, late.
    await page.locator("#d-orders-state").selectOption("draft");
    const badges = () => page.locator("[data-testid=order-row] td[data-label=Status]").allTextContents();
    await expect.poll(badges).toSatisfy((shown: string[]) => shown.length > 0 && shown.every((state) => state === "Quotation"));
    release();
    await untilQuiet(page);
    expect(new Set(await badges())).toEqual(new Set(["Quotation"]));
    await page.close();
  });

  test("creates an order with lines, confirms it, and deletes a quotation; each reaches the server", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    const admin = await signedIn(ctx.dashboard.server, "admin");
    const before = await admin.call<number>("sale.order", "search_count", [[]]);

    await page.getByRole("button", { name: "New order" }).click();
    const dialog = page.getByRole("dialog", { name: "New order" });
    await dialog.getByRole("button", { name: "Save the quotation" }).click();
    await expect.poll(() => dialog.locator(".d-form-errors li").allTextContents()).toEqual(["Choose a customer."]);
    await dialog.getByTestId("customer").selectOption({ label: "Azure Interior — Fremont" });
    // The message goes as soon as what it asked for is done, not at the next save.
    await expect.poll(() => dialog.locator(".d-form-errors li").count()).toBe(0);
    await dialog.getByLabel("Quantity of line 1").fill("0");
    await expect.poll(() => dialog.locator(".d-form-errors li").allTextContents()).toEqual(["Line 1: the quantity must be a whole number of at least 1."]);
    await dialog.getByLabel("Quantity of line 1").fill("3");
    await expect.poll(() => dialog.locator(".d-form-errors li").count()).toBe(0);
    await dialog.getByRole("button", { name: "Add a product" }).click();
    await dialog.getByLabel("Product of line 2").selectOption({ label: "Large Desk" });
    await page.screenshot({ path: `${SCREENSHOTS}new-order.png` });
    await dialog.getByRole("button", { name: "Save the quotation" }).click();
    // The form shows the order saved, as web_save answered it.
    const saved = page.getByRole("dialog", { name: "Edit S03001" });
    await expect.poll(() => saved.getByTestId("form-status").textContent()).toBe("S03001 was created.");
    expect(await admin.call("sale.order", "search_count", [[]])).toBe(before + 1);
    const [created] = await admin.call<{ id: number; order_line: number[]; amount_untaxed: number; state: string }[]>("sale.order", "search_read", [[["name", "=", "S03001"]], ["order_line", "amount_untaxed", "state"]]);
    expect(created).toMatchObject({ state: "draft", order_line: [expect.any(Number), expect.any(Number)] });
    await saved.getByRole("button", { name: "Close", exact: true }).click();

    const row = page.locator("[data-testid=order-row]", { hasText: "S03001" });
    await row.getByRole("button", { name: "Confirm S03001" }).click();
    await expect.poll(() => row.locator(".d-badge").textContent()).toBe("Sales Order");
    expect((await admin.call<{ state: string }[]>("sale.order", "read", [[created!.id], ["state"]]))[0]!.state).toBe("sale");

    const quotation = page.locator("[data-testid=order-row]", { has: page.getByRole("button", { name: /^Delete / }) }).first();
    const name = (await quotation.locator("td").first().textContent())!;
    await deleteOrder(page, name);
    await expect.poll(() => page.locator("[data-testid=order-row]", { hasText: name }).count()).toBe(0);
    expect(await admin.call("sale.order", "search_count", [[["name", "=", name]]])).toBe(0);
    await page.close();
  });

  test("a widget closed during its slow call runs nothing after it, while the server answers the call", async () => {
    const calls = requestsTo(ctx.dashboard, "/web/dataset/call_kw/sale.order/get_forecast").length;
    // The forecast is held at the server until the widget is closed: the call is in flight at the close.
    const forecast = holdCalls(ctx.dashboard, "sale.order.get_forecast");
    try {
      const page = await openDashboard(ctx.browser, ctx.dashboard);
      await forecast.reached;
      await page.getByRole("button", { name: "Close the forecast widget" }).click();
      await expect.poll(() => page.getByTestId("followups-after-close").textContent()).toBe("0 follow-up runs after close");
      forecast.release();
      // The call completes on the server and in the app's RPC log…
      await expect.poll(() => requestsTo(ctx.dashboard, "/web/dataset/call_kw/sale.order/get_forecast").length).toBe(calls + 1);
      await expect.poll(() => page.locator("[data-testid=log-row]", { hasText: "sale.order.get_forecast" }).first().getAttribute("data-outcome")).toBe("result");
      // …and the closed widget's code after await never ran.
      expect(await page.getByTestId("followups-after-close").textContent()).toBe("0 follow-up runs after close");
      await page.getByRole("button", { name: "Reopen the forecast" }).click();
      await expect.poll(() => page.getByTestId("forecast-value").textContent()).toMatch(/^€[\d,]+$/);
      await page.close();
    } finally {
      forecast.release();
    }
  });

  test("a salesperson is offered no Confirm and no Delete (the record rules refuse them), the administrator both; Edit for each", async () => {
    const sales = await openDashboard(ctx.browser, ctx.dashboard, { as: "sales" });
    await sales.locator("#d-orders-state").selectOption("draft");
    const rows = sales.locator("[data-testid=order-row]");
    await expect.poll(async () => (await rows.count()) > 0 && (await rows.count()) === (await rows.locator(".d-badge-draft").count())).toBe(true);
    await expect.poll(() => rows.getByRole("button", { name: /^Edit / }).count()).toBe(await rows.count());
    expect(await rows.getByRole("button", { name: /^(Confirm|Delete) / }).allTextContents()).toEqual([]);
    await sales.close();
    const admin = await openDashboard(ctx.browser, ctx.dashboard);
    const draft = admin.locator("[data-testid=order-row]").filter({ has: admin.locator(".d-badge-draft") }).first();
    expect(await draft.getByRole("button").allTextContents()).toEqual(["Edit", "Confirm", "Delete"]);
    await admin.close();
  });
});
