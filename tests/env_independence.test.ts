/** Several apps on one page: each env keeps to itself, and a stopped one is not kept alive by anything global. */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, onTestFinished, test, vi } from "vitest";
import { browser } from "../src/browser";
import "../src/index"; // the main components (notification container) MainRoot shows
import { makeEnv, startServices, stopServices, type Env } from "../src/env";
import { errorDisplayService } from "../src/services/error_display/error_display_service";
import { notificationService } from "../src/services/notification/notification_service";
import { getConnectionMonitor, rpcService } from "../src/services/rpc/rpc_service";
import { RPCError } from "../src/services/rpc/errors";
import { MainRoot, makeServiceRegistry, mountWithServices, nextRender, setPageURL, settle, startJsonRpcServer } from "./helpers";

afterEach(() => vi.restoreAllMocks());

const forceGC = async () => {
  // The tests run in worker threads, which cannot be started with --expose-gc: the flag is set here.
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  for (let i = 0; i < 6; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    gc();
  }
};

describe("envs are independent", () => {
  test("two apps on one page each show only their own unhandled rpc errors", async () => {
    const server = await startJsonRpcServer({
      "/a": () => ({ error: { code: 200, message: "Odoo Server Error", data: { name: "odoo.exceptions.UserError", message: "from app A" } } }),
      "/b": () => ({ error: { code: 200, message: "Odoo Server Error", data: { name: "odoo.exceptions.UserError", message: "from app B" } } }),
    });
    setPageURL(`${server.url}/odoo`);
    // The page's unhandledrejection listeners, called as the browser calls them.
    const listeners: EventListener[] = [];
    vi.spyOn(browser, "addEventListener").mockImplementation((type, listener) => {
      if (type === "unhandledrejection") listeners.push(listener);
    });
    const app = async () => {
      const env = makeEnv({ rpc: { shareConnectionState: false } });
      await startServices(env, makeServiceRegistry({ notification: notificationService, rpc: rpcService, error_display: errorDisplayService }));
      const { target } = await mountWithServices(MainRoot, env);
      return { env, target };
    };
    const [a, b] = [await app(), await app()];
    const unhandled = async (env: Env, route: string) => {
      const reason = await env.services.rpc(route).catch((error: unknown) => error);
      const event = Object.assign(new Event("unhandledrejection", { cancelable: true }), { reason });
      listeners.forEach((listener) => {
        listener(event);
      });
    };
    await unhandled(b.env, "/b");
    await unhandled(a.env, "/a");
    await nextRender();
    const shown = (target: HTMLElement) => [...target.querySelectorAll(".o_notification_content")].map((el) => el.textContent);
    expect(shown(a.target)).toEqual(["from app A"]);
    expect(shown(b.target)).toEqual(["from app B"]);
    for (const { env } of [a, b]) await stopServices(env);
    await server.close();
  });

  test("an error that belongs to no env is shown once, by the first live app's display, then by the next once that app stops", async () => {
    const listeners: EventListener[] = [];
    vi.spyOn(browser, "addEventListener").mockImplementation((type, listener) => {
      if (type === "unhandledrejection") listeners.push(listener);
    });
    vi.spyOn(browser, "removeEventListener").mockImplementation((type, listener) => {
      if (type === "unhandledrejection") listeners.splice(listeners.indexOf(listener), 1);
    });
    const app = async () => {
      const env = makeEnv({ rpc: { shareConnectionState: false } });
      await startServices(env, makeServiceRegistry({ notification: notificationService, error_display: errorDisplayService }));
      const { target } = await mountWithServices(MainRoot, env);
      return { env, target };
    };
    const [a, b] = [await app(), await app()];
    // Made by app code, not by an env's rpc: no env owns it.
    const unhandled = (message: string) => {
      const reason = new RPCError({ route: "/custom", code: 200, message: "Odoo Server Error", data: { name: "odoo.exceptions.UserError", message } });
      const event = Object.assign(new Event("unhandledrejection", { cancelable: true }), { reason });
      for (const listener of [...listeners]) listener(event);
      return event.defaultPrevented;
    };
    const shown = (target: HTMLElement) => [...target.querySelectorAll(".o_notification_content")].map((el) => el.textContent);
    expect(unhandled("first")).toBe(true);
    await nextRender();
    expect([shown(a.target), shown(b.target)]).toEqual([["first"], []]);
    await stopServices(a.env);
    expect(unhandled("second")).toBe(true);
    await nextRender();
    expect(shown(b.target)).toEqual(["second"]);
    await stopServices(b.env);
  });

  test("a service registered late starts in the live envs only, once each", async () => {
    const services = makeServiceRegistry({ base: { start: () => "base" } });
    const live = makeEnv();
    const stopped = makeEnv();
    await Promise.all([startServices(live, services), startServices(stopped, services)]);
    await startServices(live, services); // a second call on the same env
    await stopServices(stopped);
    const starts: Env[] = [];
    services.add("late", { start: (env) => (starts.push(env), "late") });
    await vi.waitFor(() => expect(live.services.late).toBe("late"));
    await settle();
    expect(starts).toEqual([live]);
    expect(stopped.services.late).toBeUndefined();
  });

  test("a stopped env is not kept alive by anything global (WeakRef, forced GC)", async () => {
    const server = await startJsonRpcServer({ "/x": () => ({ result: 1 }) });
    setPageURL(`${server.url}/odoo`);
    const services = makeServiceRegistry({ notification: notificationService, rpc: rpcService, error_display: errorDisplayService });
    const collected = async (stop: boolean) => {
      let env: Env | undefined = makeEnv({ rpc: { shareConnectionState: true } });
      await startServices(env, services);
      await env.services.rpc("/x");
      const ref = new WeakRef(env);
      if (stop) await stopServices(env);
      else onTestFinished(() => getConnectionMonitor(ref.deref()?.services.rpc)?.dispose());
      env = undefined;
      await forceGC();
      return ref.deref() === undefined;
    };
    // The control: a live env is held (by the registry's listener, the page's listeners, its channels)…
    expect(await collected(false)).toBe(false);
    // …and once stopped, nothing holds it.
    expect(await collected(true)).toBe(true);
    await server.close();
  });
});
