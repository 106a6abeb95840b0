// @vitest-environment node
/** `npm start` as a user runs it: it says what it is doing, the server and the dashboard come up, /web is proxied, Ctrl-C stops both. */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import { freePort } from "../free_port";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), "owl-services-demo-"));
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

describe("npm start", () => {
  test("says what it does on a first start (creating, seeding, ready), serves the dashboard and the proxied server, and stops both on Ctrl-C", async () => {
    const [port, demoPort] = [await freePort(), await freePort()];
    // As package.json's start script runs it: one process (tsx as a loader), so Ctrl-C reaches its handler.
    child = spawn(process.execPath, ["--import", "tsx", "demo/start.ts"], {
      cwd: root,
      env: { ...process.env, PORT: String(port), DEMO_PORT: String(demoPort), DEMO_DATA_DIR: dataDir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
    // First start: the folder is empty, so the server migrates and seeds it. How fast is `npm run bench`'s
    // business; here, however loaded the machine, it must come up.
    // Not silent while it does: it says what it is doing first, then that the database is ready, then the URL.
    await expect.poll(() => output, { timeout: 120_000, interval: 100 }).toContain("Dashboard:");
    const creating = output.indexOf(`Creating the demo database in ${dataDir}: migrating it, then seeding 3,000 orders`);
    const ready = output.search(/Database ready in \d+\.\d s\./);
    expect([creating >= 0, ready > creating, output.indexOf("Dashboard:") > ready]).toEqual([true, true, true]);
    expect(output).toContain(`http://localhost:${port}/`);
    expect(output).toContain(`Server:     http://127.0.0.1:${demoPort}`);

    const page = await fetch(`http://localhost:${port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module" src="/app/main.ts">');
    // Through the dev server's proxy, as the dashboard calls it.
    const reply = await fetch(`http://localhost:${port}/web/webclient/version_info`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", method: "call", params: {}, id: 1 }),
    });
    expect(await reply.json()).toMatchObject({ result: { server_version: "17.0" } });

    const exited = new Promise<number | null>((resolve) => child!.once("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(output).toContain("SIGINT: stopping the dashboard and the server");
    await expect(fetch(`http://127.0.0.1:${demoPort}/web/health`)).rejects.toThrow();
  }, 180_000);
});
