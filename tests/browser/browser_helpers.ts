import { fileURLToPath } from "node:url";
import type { AddressInfo } from "node:net";
import { chromium, type Browser, type Page } from "playwright-core";
import { createServer, type ViteDevServer } from "vite";
import { inject } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The Chromium found for this run (tests/find_chromium.ts), or an error that says how to get one. */
export function chromiumPath(): string {
  const found = inject("chromium");
  if ("error" in found) throw new Error(found.error);
  return found.path;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
}

/** `owl-services` (and its stylesheet) from src, as a user's bundler resolves the package. */
export const OWL_SERVICES_ALIASES = [
  { find: /^owl-services$/, replacement: `${root}src/index.ts` },
  { find: /^owl-services\/style\.css$/, replacement: `${root}src/style.css` },
];

/** Serves tests/browser/fixture on a free port, importing `owl-services` from src as a user's bundler would. */
export async function startFixtureServer(): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer({
    configFile: false,
    root: `${root}tests/browser/fixture`,
    logLevel: "silent",
    resolve: { alias: OWL_SERVICES_ALIASES },
    server: { port: 0, host: "127.0.0.1", strictPort: false, hmr: false, fs: { allow: [root] } },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  await server.listen();
  const { port } = server.httpServer!.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/` };
}

/** Opens the fixture app with `config` and waits for it to be mounted. */
export async function openFixture(browser: Browser, url: string, config: object = {}, options: { colorScheme?: "light" | "dark"; reducedMotion?: "reduce" | "no-preference" } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 900, height: 520 }, ...options });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${url}?config=${encodeURIComponent(JSON.stringify(config))}`);
  await page.waitForFunction(() => window.fixture?.ready === true, null, { timeout: 60_000 }).catch((error: Error) => {
    throw new Error(`The fixture app did not start: ${errors.join("; ") || error.message}`);
  });
  return page;
}
