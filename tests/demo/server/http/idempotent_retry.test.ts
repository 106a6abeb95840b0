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
import { Registry } from "../../../../src/registry";
import { START_TIMEOUT, useDemoServer } from "../demo_server_helpers";

const log: string[] = [];
const ctx = useDemoServer({ log: { info: (line) => log.push(line), warn: () => undefined, error: () => undefined } });
let env: Env | undefined;
let page: Window | undefined;
// The server runs in Node; the library's XMLHttpRequest is a page's (happy-dom), on the server's origin.
const route = (path: string) => `${ctx.server.url}${path}`;
beforeAll(async () => {
  page = new Window({ url: `${ctx.server.url}/odoo` });
  vi.spyOn(browser, "XMLHttpRequest", "get").mockReturnValue(page.XMLHttpRequest as unknown as typeof XMLHttpRequest);
  env = makeEnv({ rpc: { shareConnectionState: false, reconnectDelay: 50, reconnectMaxDelay: 100 } });
  const services = new Registry<ServiceDefinition>("services");
  services.add("notification", notificationService).add("rpc", rpcService);
  await startServices(env, services);
  await env.services.rpc(route("/web/session/authenticate"), { db: "demo", login: "admin", password: "admin" });
}, START_TIMEOUT);
// Whatever the beforeAll got to start is stopped, in the reverse order.
afterAll(async () => {
  if (env?.services.rpc) {
    getConnectionMonitor(env.services.rpc)?.dispose();
    getReadCache(env.services.rpc)?.close();
  }
  vi.restoreAllMocks();
  await page?.happyDOM.close();
});

describe("a write re-sent after a timeout, against the demo server", () => {
  test("is applied once: the re-send carries the same key, joins the first call still running, and gets its answer", async () => {
    vi.spyOn(browser, "random").mockReturnValue(0);
    const before = await ctx.admin.call<number>("res.partner", "search_count", [[["name", "=", "Slow Network Ltd"]]]);
    // The first attempt reaches the server, which holds it until the re-send arrives, so the re-send
    // meets it still running; the client's timeout of that attempt is fired by the test once the
    // server holds it: whatever the machine's load, this is the order of events.
    let letGo!: () => void;
    const resent = new Promise<void>((resolve) => (letGo = resolve));
    let held!: () => void;
    const firstHeld = new Promise<void>((resolve) => (held = resolve));
    let attempts = 0;
    ctx.server.latency = (call) => {
      if (call !== "res.partner.create") return 0;
      attempts++;
      if (attempts === 1) {
        held();
        return resent;
      }
      letGo();
      // The re-send goes on once the first attempt has committed its create and its key (it would
      // otherwise race it to the key's row): it then meets the key and gets the stored answer.
      return (async () => {
        const created = async () => (await ctx.server.db.query("SELECT 1 FROM res_partner WHERE name = 'Slow Network Ltd'")).rows.length > before;
        while (!(await created())) await new Promise((resolve) => setTimeout(resolve, 10));
      })();
    };
    const TIMEOUT = 45_678;
    const timers = new Map<number, () => void>();
    const setTimer = browser.setTimeout.bind(browser);
    vi.spyOn(browser, "setTimeout").mockImplementation((callback, delay) => (timers.set(delay, callback), setTimer(callback, delay)));
    const creating = env!.services.rpc<number>(
      route("/web/dataset/call_kw/res.partner/create"),
      { model: "res.partner", method: "create", args: [{ name: "Slow Network Ltd" }], kwargs: {} },
      { timeout: TIMEOUT, retry: 3, idempotencyKey: true },
    );
    await firstHeld;
    timers.get(TIMEOUT)!();
    const created = await creating;
    ctx.server.latency = () => 0;
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(created).toEqual(expect.any(Number));
    // The server answered the re-send with the first call's result (joined, or stored), never applying it again.
    expect(log.filter((line) => line.includes("seen before, answered with the first result"))).not.toEqual([]);
    expect(await ctx.admin.call("res.partner", "search_count", [[["name", "=", "Slow Network Ltd"]]])).toBe(before + 1);
    const [partner] = await ctx.admin.call<{ id: number }[]>("res.partner", "search_read", [[["name", "=", "Slow Network Ltd"]], ["id"]]);
    expect(partner!.id).toBe(created);
  });
});
