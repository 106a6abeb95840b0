/**
 * The dashboard as a user meets it once deployed: the demo server (a copy of the run's seeded
 * PGlite folder, port 0) and the dashboard built once per run by the global setup with its own Vite
 * config, served by `vite preview` proxying /web, /demo and the bus's /websocket to that server, driven in Chromium.
 * (`npm start`'s dev server is tested by tests/demo/start.test.ts.)
 */
import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { Browser, Locator, Page, Request } from "playwright-core";
import { createLogger, preview, type PreviewServer } from "vite";
import { afterAll, beforeAll, expect, inject } from "vitest";
import type { Logger } from "../../../demo/server/http/logger";
import type { DemoServer } from "../../../demo/server/server";
import { launchChromium } from "../../browser/browser_helpers";
import { START_TIMEOUT, startTestServer } from "../server/demo_server_helpers";

const root = fileURLToPath(new URL("../../..", import.meta.url));
export const SCREENSHOTS = `${root}test-results/dashboard/`;

export interface Dashboard {
  server: DemoServer;
  vite: PreviewServer;
  url: string;
  /** Every request line the server logged ("POST /web/dataset/call_kw/… 200 12 ms"). */
  requests: string[];
  close(): Promise<void>;
}

export async function startDashboard(): Promise<Dashboard> {
  const build = inject("dashboardBuild");
  if ("error" in build) throw new Error(build.error);
  const requests: string[] = [];
  const logger: Logger = { info: (line) => requests.push(line), warn: () => undefined, error: () => undefined };
  // Orders up to today, since the dashboard's KPIs count the last 30 days. Slow methods (the
  // forecast, the quarterly report) answer at once: a test that needs a call in flight holds it
  // with holdCalls(), for as long as it needs whatever the machine's load, and no longer.
  const server = await startTestServer({ log: logger, data: "today" });
  const target = server.url;
  const vite = await preview({
    configFile: `${root}demo/vite.config.ts`,
    logLevel: "silent",
    customLogger: createLogger("silent"),
    build: { outDir: build.outDir },
    preview: { port: 0, strictPort: false, host: "127.0.0.1", proxy: { "/web": { target }, "/demo": { target }, "/websocket": { target, ws: true } } },
  }).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  const { port } = vite.httpServer.address() as AddressInfo;
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    server,
    vite,
    url: `http://127.0.0.1:${port}/`,
    requests,
    async close() {
      await vite.close();
      await server.close();
    },
  };
}

/** Calls held at the server by holdCalls(). */
export interface HeldCalls {
  /** Resolves when the first held call has reached the server (the page sent it). */
  readonly reached: Promise<void>;
  /** How many calls reached the server and are held. */
  readonly count: number;
  /** Lets every held call (and the later ones) go on, and stops holding. */
  release(): void;
}

/**
 * Holds every call_kw to `call` ("model.method") at the server, once it has arrived, until
 * `release()`: a call in flight for exactly as long as a test needs, on a quiet or a loaded machine.
 */
export function holdCalls(dashboard: Dashboard, call: string): HeldCalls {
  let letGo!: () => void;
  const gate = new Promise<void>((resolve) => (letGo = resolve));
  let arrived!: () => void;
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  let count = 0;
  const previous = dashboard.server.latency;
  dashboard.server.latency = (name) => {
    if (name !== call) return previous(name);
    count++;
    arrived();
    return gate;
  };
  return {
    reached,
    get count() {
      return count;
    },
    release() {
      dashboard.server.latency = previous;
      letGo();
    },
  };
}

/** How many reads the page's disk cache holds (the library's IndexedDB database). */
export function diskCacheEntries(page: Page): Promise<number> {
  return page.evaluate(async () => {
    // Opening a database that does not exist would create it, empty, under the library's feet.
    if (!(await indexedDB.databases()).some((db) => db.name === "owl-services-cache")) return 0;
    return new Promise<number>((resolve, reject) => {
      const open = indexedDB.open("owl-services-cache");
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains("entries")) {
          db.close();
          return resolve(0);
        }
        const count = db.transaction("entries").objectStore("entries").count();
        count.onsuccess = () => {
          db.close();
          resolve(count.result);
        };
        count.onerror = () => reject(count.error);
      };
    });
  });
}

/** The page's own RPC log (the dashboard's monitoring view): the calls it made to `label` ("sale.order.action_confirm"). */
export function loggedCalls(page: Page, label: string): Promise<number> {
  return page.locator("[data-testid=log-row]", { hasText: label }).count();
}

/** The requests in flight of each page made by newPage(), from its start: what untilQuiet() awaits the end of. */
const inFlight = new WeakMap<Page, Set<Request>>();

/** A page in a context of its own (closed with the page), as axe-core's builder wants; its requests followed for untilQuiet(). */
export async function newPage(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.once("close", () => void context.close().catch(() => undefined)); // the browser may be closing already
  const requests = new Set<Request>();
  inFlight.set(page, requests);
  page.on("request", (request) => requests.add(request));
  page.on("requestfinished", (request) => requests.delete(request));
  page.on("requestfailed", (request) => requests.delete(request));
  return page;
}

/**
 * Resolves once `page` (made by newPage or openDashboard) is quiet: no request in flight, and none
 * started by an answer just handled (the page idle in between). Polled: no event tells that nothing
 * is in flight, as a request is known only once it has started.
 */
export async function untilQuiet(page: Page): Promise<void> {
  const requests = inFlight.get(page);
  if (!requests) throw new Error("untilQuiet: the page was not made by newPage() or openDashboard(), so its requests are not followed");
  await expect.poll(async () => {
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve)));
    return requests.size;
  }).toBe(0);
}

/** Opens the edit form of the order `name` from its row: resolves with the form's dialog once it shows its first line. */
export async function openForm(page: Page, name: string): Promise<Locator> {
  await page.getByRole("button", { name: `Edit ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Edit ${name}` });
  await dialog.getByTestId("line").first().waitFor();
  return dialog;
}

export interface OpenOptions {
  as?: "admin" | "sales";
  colorScheme?: "light" | "dark";
  width?: number;
  /** The bus's socket answered by the test, silent: the page hears no other user's change. */
  quietBus?: boolean;
}

/** Opens the dashboard and signs in with the quick button of `as` (default admin); waits for the orders. */
export async function openDashboard(browser: Browser, dashboard: Dashboard, options: OpenOptions = {}): Promise<Page> {
  const page = await newPage(browser, { viewport: { width: options.width ?? 1280, height: 900 }, colorScheme: options.colorScheme ?? "light" });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  if (options.quietBus) await page.routeWebSocket(/\/websocket$/, () => undefined);
  await page.goto(dashboard.url);
  const label = options.as === "sales" ? /Marc Demo/ : /Mitchell Admin/;
  await page.getByRole("button", { name: label }).click();
  await page.waitForSelector("[data-testid=order-row]", { timeout: 60_000 }).catch((error: Error) => {
    throw new Error(`The dashboard did not show orders: ${errors.join("; ") || error.message}`);
  });
  return page;
}

export interface ShownNotification {
  title: string;
  content: string;
}

/** The notifications on screen, title and text. */
export function shownNotifications(page: Page): Promise<ShownNotification[]> {
  return page.locator(".o_notification").evaluateAll((elements) =>
    elements.map((element) => ({
      title: element.querySelector(".o_notification_title")?.textContent?.trim() ?? "",
      content: element.querySelector(".o_notification_content")?.textContent?.trim() ?? "",
    })),
  );
}

export async function closeAllNotifications(page: Page): Promise<void> {
  await page.evaluate(() => document.querySelectorAll<HTMLButtonElement>(".o_notification_close").forEach((button) => {
    button.click();
  }));
  await page.waitForSelector(".o_notification", { state: "detached" });
}

/** Deletes an order from its row: Delete, then the row's "Yes, delete" (the table asks first). */
export async function deleteOrder(page: Page | Locator, name: string): Promise<void> {
  await page.getByRole("button", { name: `Delete ${name}`, exact: true }).click();
  await page.getByRole("button", { name: `Yes, delete ${name}` }).click();
}

/** The quotations shown after filtering on them, once the table shows nothing else (each can be confirmed or deleted). */
export async function quotations(page: Page): Promise<string[]> {
  await page.locator("#d-orders-state").selectOption("draft");
  const rows = page.locator("[data-testid=order-row]");
  await expect.poll(async () => (await rows.count()) === (await rows.locator(".d-badge-draft").count())).toBe(true);
  return rows.locator("strong").allTextContents();
}

/** Makes a new order for the first customer offline, and closes the form; resolves with the customer's id. */
export async function newOrderOffline(page: Page): Promise<number> {
  await page.getByRole("button", { name: "New order" }).click();
  const customer = page.getByTestId("customer");
  await expect.poll(() => customer.locator("option").count()).toBeGreaterThan(1);
  const partnerId = Number(await customer.locator("option").nth(1).getAttribute("value"));
  await customer.selectOption(String(partnerId));
  await page.getByRole("button", { name: "Save the quotation" }).click();
  await expect.poll(() => page.getByTestId("form-status").textContent()).toBe("The new order will be created when the server is back.");
  await page.getByRole("button", { name: "Close the form" }).click();
  await expect.poll(() => page.getByTestId("pending-order-row").count()).toBe(1);
  return partnerId;
}

/** How many requests the server logged for `path` (e.g. "/web/dataset/call_kw/sale.order/get_forecast"). */
export const requestsTo = (dashboard: Dashboard, path: string) => dashboard.requests.filter((line) => line.split(" ")[1] === path);

/** A dashboard and a Chromium for a test file: started before its tests, stopped after them. */
export function useDashboard(): { readonly browser: Browser; readonly dashboard: Dashboard } {
  const context = {} as { browser: Browser; dashboard: Dashboard };
  beforeAll(async () => {
    // Both are started even when one fails, so that the afterAll stops whichever did start.
    const [dashboard, browser] = await Promise.allSettled([startDashboard(), launchChromium()]);
    if (dashboard.status === "fulfilled") context.dashboard = dashboard.value;
    if (browser.status === "fulfilled") context.browser = browser.value;
    for (const started of [dashboard, browser]) if (started.status === "rejected") throw started.reason;
  }, START_TIMEOUT);
  afterAll(async () => {
    await context.browser?.close();
    await context.dashboard?.close();
  }, START_TIMEOUT);
  return context;
}

/** axe-core's serious and critical violations (in `include` only, if given), as "rule: target" lines (an empty list is the goal). */
export async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  const { violations } = await (include ? builder.include(include) : builder).analyze();
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(" ")} — ${node.failureSummary?.split("\n")[1]?.trim() ?? ""}`));
}

/**
 * Opens the edit form of quotation `name`, sets its first line's quantity and, once the page is quiet
 * (the table's and the form's reads done), saves: resolves with the paths of every request the page
 * sent from the click on Save until the form showed the saved order ("… was updated."), in order.
 * The test of one round trip and `webread_form_round_trips` count them.
 */
export async function editAndSave(page: Page, name: string, quantity: string): Promise<string[]> {
  const dialog = await openForm(page, name);
  await dialog.getByLabel("Quantity of line 1").fill(quantity);
  await untilQuiet(page);
  const sent: string[] = [];
  const onRequest = (request: Request) => {
    // Calls to the server only: a chunk of the app's own code loading meanwhile (the outbox's line,
    // fetched after start-up; CI saw /assets/outbox-….js here) is no round trip of the save.
    const path = new URL(request.url()).pathname;
    if (!path.startsWith("/assets/")) sent.push(path);
  };
  page.on("request", onRequest);
  try {
    await dialog.getByRole("button", { name: "Save the changes" }).click();
    await expect.poll(() => dialog.getByTestId("form-status").textContent()).toBe(`${name} was updated.`);
  } finally {
    page.off("request", onRequest);
  }
  return sent;
}
