// The benchmark page open in Chromium, for one bench file: its server, browser and page, and
// what the page logged (a benchmark of memory must log nothing: DevTools keeps logged objects).
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchChromium } from "../../tests/browser/browser_helpers";
import { startBenchServer, type BenchServer } from "./bench_server";

export interface BenchPage {
  server: BenchServer;
  browser: Browser;
  page: Page;
  console: string[];
}

/** Opens the page before the file's tests (with `config` in its URL) and closes it all after them. */
export function useBenchPage(config: object = {}): BenchPage {
  const opened = { console: [] as string[] } as unknown as BenchPage;
  beforeAll(async () => {
    [opened.server, opened.browser] = await Promise.all([startBenchServer(), launchChromium()]);
    opened.page = await opened.browser.newPage();
    opened.page.on("console", (message) => opened.console.push(`${message.type()}: ${message.text().slice(0, 200)}`));
    await opened.page.goto(`${opened.server.url}?config=${encodeURIComponent(JSON.stringify(config))}`);
    await opened.page.waitForFunction(() => window.bench?.ready === true, null, { timeout: 30_000 });
  }, 120_000);
  afterAll(async () => {
    await opened.browser?.close();
    await opened.server?.close();
  });
  return opened;
}
