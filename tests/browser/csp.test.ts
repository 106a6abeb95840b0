// @vitest-environment node
/**
 * Under `default-src 'self'; script-src 'self'; style-src 'self'` (no 'unsafe-eval', no
 * 'unsafe-inline'), the notifications, the error display and the loading indicator work in
 * Chromium, with no violation: the templates are precompiled and dynamic styles go through the CSSOM.
 */
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchChromium, OWL_SERVICES_ALIASES } from "./browser_helpers";

export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'";
const root = fileURLToPath(new URL("../..", import.meta.url));
const out = mkdtempSync(join(tmpdir(), "owl-services-csp-"));
const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };
let server: Server;
let url: string;
let browser: Browser;
/** Lets the held JSON-RPC calls answer. */
const heldCalls: ((value: unknown) => void)[] = [];
const releaseCalls = () => heldCalls.splice(0).forEach((release) => {
  release(undefined);
});

beforeAll(async () => {
  await build({
    configFile: false,
    root: `${root}tests/browser/csp`,
    logLevel: "silent",
    resolve: { alias: OWL_SERVICES_ALIASES },
    build: { outDir: out, emptyOutDir: true, target: "es2022", modulePreload: false },
  });
  server = createServer(async (request, response) => {
    const path = (request.url ?? "/").split("?")[0]!;
    if (request.method === "POST") {
      // Held until the test has seen the loading indicator (or the file's end): a call in flight for as long as it needs.
      await new Promise((resolve) => heldCalls.push(resolve));
      response.writeHead(200, { "Content-Type": "application/json", "Content-Security-Policy": STRICT_CSP });
      return void response.end(JSON.stringify({ jsonrpc: "2.0", id: 1, result: true }));
    }
    const name = path === "/" ? "index.html" : path;
    try {
      const file = await readFile(join(out, name));
      response.writeHead(200, { "Content-Type": TYPES[extname(name)] ?? "application/octet-stream", "Content-Security-Policy": STRICT_CSP });
      response.end(file);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  releaseCalls();
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(out, { recursive: true, force: true });
});

describe("a strict Content-Security-Policy", () => {
  test("notifications, the error display and the loading indicator work with no violation", async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" || /Content Security Policy/i.test(message.text())) problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        (window as unknown as { violations: string[] }).violations ??= [];
        (window as unknown as { violations: string[] }).violations.push(`${event.violatedDirective}: ${event.blockedURI}`);
      });
    });
    const response = await page.goto(url);
    expect(response?.headers()["content-security-policy"]).toBe(STRICT_CSP);
    await page.waitForFunction(() => window.csp?.ready === true, null, { timeout: 60_000 });

    await page.evaluate(() => {
      const { env, RPCError } = window.csp;
      env.services.notification.add("Saved", { type: "success", autocloseDelay: 60_000 });
      env.services.error_display.show(new RPCError({ route: "/web/dataset/call_kw/sale.order/write", code: 200, message: "Odoo Server Error", data: { name: "odoo.exceptions.UserError", message: "Refused", debug: "Traceback…" } }));
      void env.services.rpc("/slow");
    });
    await page.locator(".o_notification", { hasText: "Refused" }).getByRole("button", { name: "Details" }).click();
    await page.locator(".o_rpc_error_details").waitFor();
    await page.locator(".o_loading_indicator").waitFor();
    releaseCalls();
    expect(await page.locator(".o_notification_title").allTextContents()).toContain("User Error");
    expect(await page.locator(".o_notification_progress").first().evaluate((el) => (el as HTMLElement).style.animationDuration)).toBe("60000ms");
    expect(await page.locator(".o_notification").first().evaluate((el) => getComputedStyle(el).display)).not.toBe("inline");
    expect(await page.evaluate(() => (window as unknown as { violations?: string[] }).violations ?? [])).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
