// @vitest-environment node
/**
 * The whole story of a write applied once: the library re-sends a create that timed out, with the
 * same Idempotency-Key, and the demo server (which did apply the first one) answers with its result.
 */
import { Window } from "happy-dom";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { browser } from "../../../../src/browser";
import { makeEnv, startServices, type Env, type ServiceDefinition } from "../../../../src/env";
import { notificationService } from "../../../../src/services/notification/notification_service";
import { getConnectionMonitor, getReadCache, rpcService } from "../../../../src/services/rpc/rpc_service";
import type { DemoServer } from "../../../../demo/server/server";
import { Registry } from "../../../../src/registry";
import { signedIn, startTestServer } from "../demo_server_helpers";

let server: DemoServer;
let env: Env;
let page: Window;
// The server runs in Node; the library's XMLHttpRequest is a page's (happy-dom), on the server's origin.
const route = (path: string) => `${server.url}${path}`;
beforeAll(async () => {
  server = await startTestServer();
  page = new Window({ url: `${server.url}/odoo` });
  vi.spyOn(browser, "XMLHttpRequest", "get").mockReturnValue(page.XMLHttpRequest as unknown as typeof XMLHttpRequest);
  env = makeEnv({ rpc: { shareConnectionState: false, reconnectDelay: 50, reconnectMaxDelay: 100 } });
  const services = new Registry<ServiceDefinition>("services");
  services.add("notification", notificationService).add("rpc", rpcService);
  await startServices(env, services);
  await env.services.rpc(route("/web/session/authenticate"), { db: "demo", login: "admin", password: "admin" });
});
afterAll(async () => {
  getConnectionMonitor(env.services.rpc)?.dispose();
  getReadCache(env.services.rpc)?.close();
  vi.restoreAllMocks();
  await page.happyDOM.close();
  await server.close();
});

describe("a write re-sent after a timeout, against the demo server", () => {
  test("is applied once: the re-send carries the same key and gets the first call's answer", async () => {
    const random = vi.spyOn(browser, "random").mockReturnValue(0);
    const admin = await signedIn(server, "admin");
    const before = await admin.call<number>("res.partner", "search_count", [[["name", "=", "Slow Network Ltd"]]]);
    // The first attempt reaches the server, which applies it, but answers after the client gave up.
    let attempts = 0;
    server.latency = (call) => (call === "res.partner.create" && ++attempts === 1 ? 500 : 0);
    const started = Date.now();
    const created = await env.services.rpc<number[]>(
      route("/web/dataset/call_kw/res.partner/create"),
      { model: "res.partner", method: "create", args: [{ name: "Slow Network Ltd" }], kwargs: {} },
      // Each attempt waits 300 ms: the ones sent while the first runs join it; a later one gets its stored answer.
      { timeout: 300, retry: 3, idempotencyKey: true },
    );
    const elapsed = Date.now() - started;
    server.latency = () => 0;
    // The re-send joined the first call, still running on the server, and got its answer.
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(created).toEqual([expect.any(Number)]);
    expect(await admin.call("res.partner", "search_count", [[["name", "=", "Slow Network Ltd"]]])).toBe(before + 1);
    random.mockRestore();
  });
});
