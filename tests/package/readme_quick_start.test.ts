// @vitest-environment node
/**
 * The README's Quick start, taken from the README itself, as a newcomer runs it: type-checked under
 * Vite's `vanilla-ts` template settings, built by Vite against the built package, served next to
 * the demo server (its /web routes proxied, as the README says), and run in Chromium: the call is
 * refused, the sign-in dialog opens, and once signed in the page shows the answer. Dismissed
 * instead, the page shows why the app could not start (never blank).
 */
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { DemoServer } from "../../demo/server/server";
import { launchChromium } from "../browser/browser_helpers";
import { SCREENSHOTS, newPage, seriousViolations } from "../demo/app/dashboard_helpers";
import { START_TIMEOUT, startTestServer } from "../demo/server/demo_server_helpers";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = (path: string) => join(root, "node_modules", path);

/** The first ```ts block under `heading` ("## Quick start"). */
export function sectionCode(readme: string, heading: string): string {
  const section = readme.slice(readme.indexOf(`${heading}\n`));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error(`README.md: no \`\`\`ts block under ${heading}`);
  return match[1]!;
}

/** The first ```ts block under "## Quick start". */
export const quickStartCode = (readme: string) => sectionCode(readme, "## Quick start");

/** Vite 8's `vanilla-ts` template's compiler settings. */
const VANILLA_TS = {
  compilerOptions: {
    target: "ES2022",
    useDefineForClassFields: true,
    module: "ESNext",
    lib: ["ES2022", "DOM", "DOM.Iterable"],
    types: ["vite/client"],
    skipLibCheck: true,
    moduleResolution: "bundler",
    allowImportingTsExtensions: true,
    verbatimModuleSyntax: true,
    moduleDetection: "force",
    noEmit: true,
    strict: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    erasableSyntaxOnly: true,
    noFallthroughCasesInSwitch: true,
    noUncheckedSideEffectImports: true,
  },
  include: ["src"],
};

function run(file: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${[file, ...args].join(" ")} failed:\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };

/** Serves the built app, and sends /web/* to the demo server (the README's Vite proxy). */
function serve(dist: string, backend: string): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url?.startsWith("/web/")) {
      const upstream = request(`${backend}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on("error", () => res.writeHead(502).end());
      req.pipe(upstream);
      return;
    }
    const path = req.url === "/" ? "/index.html" : (req.url ?? "/").split("?")[0]!;
    try {
      const body = readFileSync(join(dist, path));
      res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

let work: string;
let demo: DemoServer;
let site: Server;
let url: string;
let browser: Browser;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "owl-services-quick-start-"));
  const pkg = join(work, "node_modules", "owl-services");
  const dist = join(pkg, "dist");
  mkdirSync(dist, { recursive: true });
  [demo, browser] = await Promise.all([
    startTestServer({ data: "today" }),
    launchChromium(),
    (async () => {
      await run(process.execPath, [bin("vite/bin/vite.js"), "build", "--outDir", dist, "--emptyOutDir", "--logLevel", "error"], root);
      await run(process.execPath, [bin("typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", dist], root);
      await run(process.execPath, ["scripts/link_declarations.mjs", dist], root);
      await run(process.execPath, ["scripts/build_css.mjs", dist], root);
    })(),
  ]);
  cpSync(join(root, "package.json"), join(pkg, "package.json"));
  mkdirSync(join(work, "node_modules", "@odoo"), { recursive: true });
  symlinkSync(bin("@odoo/owl"), join(work, "node_modules", "@odoo", "owl"));
  symlinkSync(bin("vite"), join(work, "node_modules", "vite"));
  mkdirSync(join(work, "src"));
  const readme = readFileSync(join(root, "README.md"), "utf8");
  writeFileSync(join(work, "src", "main.ts"), quickStartCode(readme));
  // The Offline snippet is type-checked beside it (not built: the page runs the Quick start).
  writeFileSync(join(work, "src", "offline.ts"), sectionCode(readme, "## Offline: the outbox"));
  writeFileSync(join(work, "tsconfig.json"), JSON.stringify(VANILLA_TS, null, 2));
  writeFileSync(join(work, "package.json"), JSON.stringify({ name: "my-app", private: true, type: "module" }));
  writeFileSync(join(work, "index.html"), `<!doctype html><html lang="en"><head><meta charset="UTF-8"/><title>Quick start</title></head><body><script type="module" src="/src/main.ts"></script></body></html>`);
  await run(process.execPath, [bin("typescript/bin/tsc"), "-p", "tsconfig.json"], work);
  await run(process.execPath, [bin("vite/bin/vite.js"), "build", "--logLevel", "error"], work);
  site = await serve(join(work, "dist"), demo.url);
  url = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
}, START_TIMEOUT + 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => site?.close(resolve));
  await demo?.close();
  if (work) rmSync(work, { recursive: true, force: true });
}, START_TIMEOUT);

test("the README's Quick start compiles as a Vite vanilla-ts app, asks to sign in, and then shows the server's answer", async () => {
  const page = await newPage(browser);
  await page.goto(url);
  const dialog = page.getByRole("dialog", { name: "Sign in", exact: true });
  await dialog.waitFor();
  await dialog.getByLabel("Login").fill("admin");
  await dialog.getByLabel("Password").fill("admin");
  await dialog.getByRole("button", { name: "Sign in" }).click();
  await expect.poll(() => page.locator("p").textContent()).toMatch(/^[1-9]\d* confirmed orders$/);
  expect(await dialog.count()).toBe(0);
  await page.close();
});

test("dismissed, the sign-in leaves the app unable to start: the page says why, with Details and Reload, never blank", async () => {
  for (const colorScheme of ["light", "dark"] as const) {
    const page = await newPage(browser, { colorScheme, viewport: { width: 1024, height: 640 } });
    await page.goto(url);
    await page.getByRole("dialog", { name: "Sign in", exact: true }).getByRole("button", { name: "Not now" }).click();
    const failure = page.getByRole("alert").filter({ has: page.getByRole("heading", { name: "Session Expired" }) });
    await failure.waitFor();
    expect(await failure.locator(".o_root_failure_message").textContent()).toBe("Reload the page to sign in again.");
    await failure.getByRole("button", { name: "Details" }).click();
    await expect.poll(() => failure.locator(".o_root_failure_details").textContent()).toContain("odoo.http.SessionExpiredException");
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}root-failure-${colorScheme}.png` });
    await failure.getByRole("button", { name: "Reload" }).click();
    await page.getByRole("dialog", { name: "Sign in", exact: true }).waitFor();
    await page.close();
  }
});
