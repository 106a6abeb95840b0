// @vitest-environment node
/** What a new user trips on in the dashboard (issue #27, section 5), measured in Chromium on a desktop and a phone. */
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { holdCalls, newPage, openDashboard, SCREENSHOTS, useDashboard } from "./dashboard_helpers";

const ctx = useDashboard();

/** The left edge and width of each header cell of the orders table, rounded to the pixel. */
const columnBoxes = (page: Page) =>
  page.locator(".d-orders .d-table thead th").evaluateAll((cells) => cells.map((cell) => {
    const box = cell.getBoundingClientRect();
    return [Math.round(box.left), Math.round(box.width)];
  }));

/** The elements of `selector` shown on screen with less than their text (cut by their own box or by a scrolling ancestor), by text. */
const clipped = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((elements) => elements.filter((element) => {
    // Visually hidden (for screen readers only): not shown, so not cut.
    for (let hidden = element as Element | null; hidden; hidden = hidden.parentElement) if (getComputedStyle(hidden).clipPath !== "none") return false;
    if (element.scrollWidth > element.clientWidth) return true;
    const box = element.getBoundingClientRect();
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      if (getComputedStyle(parent).overflowX === "visible") continue;
      const frame = parent.getBoundingClientRect();
      if (box.left < frame.left - 0.5 || box.right > frame.right + 0.5) return true;
    }
    return false;
  }).map((element) => element.textContent?.trim() ?? ""));

/**
 * The page's controls and texts that `selector` hides (their label or text): those that would be
 * seen where it is without it (not those already under the sticky header, say).
 */
const coveredBy = (page: Page, selector: string) =>
  page.evaluate((selector) => {
    const cover = document.querySelector(selector)!;
    const over = cover.getBoundingClientRect();
    const targets = [...document.querySelectorAll<HTMLElement>(".d-shell button, .d-shell select, .d-shell input, .d-shell a, .d-shell td, .d-shell th, .d-shell h1, .d-shell h2, .d-shell p")];
    return targets
      .filter((target) => !cover.contains(target) && target.checkVisibility())
      .filter((target) => {
        const box = target.getBoundingClientRect();
        const left = Math.max(box.left, over.left);
        const right = Math.min(box.right, over.right);
        const top = Math.max(box.top, over.top);
        const bottom = Math.min(box.bottom, over.bottom);
        if (left >= right || top >= bottom) return false;
        // What is on top there once the cover is set aside: the target, or something above it.
        const shown = document.elementsFromPoint((left + right) / 2, (top + bottom) / 2).find((element) => !cover.contains(element));
        return shown !== undefined && target.contains(shown);
      })
      .map((target) => target.getAttribute("aria-label") ?? target.textContent?.trim().slice(0, 40) ?? "");
  }, selector);

describe("what a new user trips on", () => {
  test("a row's columns keep their widths, and the row its height, when it turns into the delete confirmation", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    const before = await columnBoxes(page);
    const draft = page.locator("[data-testid=order-row]").filter({ has: page.getByRole("button", { name: /^Delete / }) }).first();
    const name = (await draft.locator("strong").first().textContent())!;
    const row = page.locator("[data-testid=order-row]", { hasText: name });
    const height = (await row.boundingBox())!.height;
    await page.getByRole("button", { name: `Delete ${name}`, exact: true }).click();
    await page.getByRole("button", { name: `Yes, delete ${name}` }).waitFor();
    await row.screenshot({ path: `${SCREENSHOTS}first-use-delete-confirmation.png` });
    expect(await columnBoxes(page)).toEqual(before);
    expect((await row.boundingBox())!.height).toBeCloseTo(height, 0);
    await page.getByRole("button", { name: `Keep ${name}` }).click();
    expect(await columnBoxes(page)).toEqual(before);
    await page.close();
  });

  test("the table's caption names its sort by the column's label and direction, not by the field", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    const caption = page.locator(".d-orders caption");
    expect(await caption.textContent()).toBe("Sales orders, sorted by Order date, newest first");
    await page.getByRole("button", { name: /^Total/ }).click();
    await expect.poll(() => caption.textContent()).toBe("Sales orders, sorted by Total, lowest first");
    await page.getByRole("button", { name: /^Customer/ }).click();
    await expect.poll(() => caption.textContent()).toBe("Sales orders, sorted by Customer, A to Z");
    await page.close();
  });

  for (const width of [1280, 390]) {
    test(`at ${width} px, a demo user's button keeps the role on the line of the name`, async () => {
      const page = await newPage(ctx.browser, { viewport: { width, height: 900 } });
      await page.goto(ctx.dashboard.url);
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      await page.locator(".d-signin").screenshot({ path: `${SCREENSHOTS}first-use-sign-in-${width}.png` });
      const apart = await page.locator(".d-signin-quick .d-btn").evaluateAll((buttons) => buttons.filter((button) => {
        const range = document.createRange();
        range.selectNodeContents(button.firstChild!);
        const name = range.getClientRects()[0]!;
        const role = button.querySelector(".d-muted")!.getClientRects()[0]!;
        return Math.abs(role.top - name.top) > 1;
      }).map((button) => button.textContent?.trim()));
      expect(apart).toEqual([]);
      await page.close();
    });
  }

  test("at 390 px, the user's name shows whole in the header, the RPC log's headers are not cut, and the new order's line fields have visible labels", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard, { width: 390 });
    await page.locator(".d-header").screenshot({ path: `${SCREENSHOTS}first-use-header-390.png` });
    const name = await page.locator("#d-user-switch").evaluate((select: HTMLSelectElement) => {
      const context = document.createElement("canvas").getContext("2d")!;
      const style = getComputedStyle(select);
      context.font = style.font;
      // Chromium draws the select's arrow inside its padding box, at the right: about 20 px.
      const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
      return { text: select.selectedOptions[0]!.text, fits: context.measureText(select.selectedOptions[0]!.text).width <= room };
    });
    expect(name).toEqual({ text: "Mitchell Admin (Sales Administrator)", fits: true });

    await page.locator(".d-log").scrollIntoViewIfNeeded();
    await page.locator(".d-log").screenshot({ path: `${SCREENSHOTS}first-use-log-390.png` });
    expect(await clipped(page, ".d-log-table th")).toEqual([]);
    expect(await page.locator(".d-log-scroll").evaluate((box) => box.scrollWidth - box.clientWidth)).toBeLessThanOrEqual(0);
    // Each call's cells name their column, Duration among them.
    const logLabels = await page.locator("[data-testid=log-row]").first().locator("td").evaluateAll((cells) => cells.filter((cell) => cell.checkVisibility()).map((cell) => getComputedStyle(cell, "::before").content));
    expect(logLabels).toContain('"Duration"');

    await page.getByRole("button", { name: "New order" }).click();
    const dialog = page.getByRole("dialog", { name: "New order" });
    await dialog.getByTestId("line").waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}first-use-new-order-390.png` });
    const labels = await dialog.getByTestId("line").first().locator("td").evaluateAll((cells) => cells.map((cell) => {
      const before = getComputedStyle(cell, "::before");
      return before.display === "none" || before.content === "none" ? "" : before.content.replace(/^"|"$/g, "");
    }));
    expect(labels).toEqual(["Product", "Quantity", "Unit price", "Subtotal", ""]);
    await page.close();
  });

  test("the “Loading…” badge does not sit over the header", async () => {
    const page = await openDashboard(ctx.browser, ctx.dashboard);
    const held = holdCalls(ctx.dashboard, "sale.order.web_search_read");
    try {
      await page.getByRole("button", { name: "Next" }).click();
      await page.locator(".o_loading_indicator").waitFor();
      await page.screenshot({ path: `${SCREENSHOTS}first-use-loading.png` });
      const header = await page.locator(".d-header").boundingBox();
      const badge = await page.locator(".o_loading_indicator").boundingBox();
      expect(badge!.y).toBeGreaterThanOrEqual(header!.y + header!.height);
    } finally {
      held.release();
    }
    await page.close();
  });

  for (const width of [1280, 390]) {
    test(`at ${width} px, working offline: no “Connection lost” notice, a waiting delete says it will be deleted, and the outbox indicator counts once and covers nothing`, async () => {
      const page = await openDashboard(ctx.browser, ctx.dashboard, { width });
      const drafts = page.locator("[data-testid=order-row]").filter({ has: page.getByRole("button", { name: /^Delete / }) });
      const [toConfirm, toDelete] = await Promise.all([drafts.nth(0).locator("strong").textContent(), drafts.nth(1).locator("strong").textContent()]);
      await page.getByTestId("offline-switch").click();
      await page.getByRole("button", { name: `Confirm ${toConfirm}` }).click();
      await page.getByRole("button", { name: `Delete ${toDelete}`, exact: true }).click();
      await page.getByRole("button", { name: `Yes, delete ${toDelete}` }).click();
      await expect.poll(() => page.locator(".o_outbox_live").textContent()).toBe("2 changes waiting");
      // A read offline (the table's reload) fails as with no network: the connection monitor loses the server.
      await page.getByLabel("Search orders").press("Enter");
      await page.locator(".o_connection_lost").waitFor({ state: "attached" });
      await page.screenshot({ path: `${SCREENSHOTS}first-use-offline-${width}.png` });
      const lost = await page.locator(".o_notification", { hasText: "Connection lost" }).evaluateAll((notes) => notes.filter((note) => note.checkVisibility()).length);
      expect(lost).toBe(0);
      const row = (name: string) => page.locator("[data-testid=order-row]", { hasText: name }).locator(".d-actions-cell");
      expect(await row(toDelete!).textContent()).toBe("deleted when the server is back");
      expect(await row(toConfirm!).textContent()).toBe("confirmed when the server is back");
      expect(await page.locator(".o_outbox_toggle").textContent()).toBe("2 changes waiting");
      expect(await coveredBy(page, ".o_outbox")).toEqual([]);
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await page.screenshot({ path: `${SCREENSHOTS}first-use-offline-end-${width}.png` });
      expect(await coveredBy(page, ".o_outbox")).toEqual([]);
      await page.getByTestId("offline-switch").click();
      await expect.poll(() => page.locator(".o_outbox_toggle").count(), { timeout: 30_000 }).toBe(0);
      await page.close();
    });
  }
});
