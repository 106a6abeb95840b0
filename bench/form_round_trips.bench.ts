// How many requests the dashboard's order form makes to save an edited quotation and show it
// again (issue #27: one, the web_save whose answer is the saved order): the dashboard in Chromium
// against the demo server, every request the page sends counted from the click on Save until the
// form shows the saved order, over several quotations. Counted, not timed.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { editAndSave, openDashboard, quotations, startDashboard, type Dashboard } from "../tests/demo/app/dashboard_helpers";
import { launchChromium } from "../tests/browser/browser_helpers";
import { record } from "./lib/results";

const ROUNDS = 5;
let dashboard: Dashboard;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [dashboard, browser] = await Promise.all([startDashboard(), launchChromium()]);
  page = await openDashboard(browser, dashboard);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
});

test(`saving an edited quotation and showing it again, ${ROUNDS} quotations: the requests counted`, async () => {
  const names = (await quotations(page)).slice(0, ROUNDS);
  const requests: string[][] = [];
  for (const [round, name] of names.entries()) {
    requests.push(await editAndSave(page, name, String(round + 2)));
    await page.getByRole("button", { name: "Close the form" }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
  }
  const counts = requests.map((sent) => sent.length);
  const figures = {
    // The most any save took: a save that needed a second request would show here.
    webread_form_round_trips: Math.max(...counts),
    webread_form_detail: { rounds: counts.length, requests_per_save: counts, paths: [...new Set(requests.flat())] },
  };
  record(figures);
  console.log(JSON.stringify(figures, null, 2));
  expect(counts).toHaveLength(ROUNDS);
  expect(figures.webread_form_round_trips).toBe(1);
});
