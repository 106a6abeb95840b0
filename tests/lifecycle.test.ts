import { Component, onWillStart, xml } from "@odoo/owl";
import { afterEach, describe, expect, test, vi } from "vitest";
import { browser, type TimeoutId } from "../src/browser";
import { makeEnv, startServices, stopServices, ServiceStartError, ServiceStopError, type ServiceDefinition } from "../src/env";
import { mountComponent } from "../src/mount";
import { ConnectionAbortedError, EnvStoppedError, RPCError } from "../src/services/rpc/errors";
import { NotificationContainer } from "../src/services/notification/notification_container";
import { rootCause } from "../src/components/root_failure";
import { notificationService } from "../src/services/notification/notification_service";
import { rpcService } from "../src/services/rpc/rpc_service";
import { errorDisplayService } from "../src/services/error_display/error_display_service";
import { registry } from "../src/registry";
import { MainComponentsContainer } from "../src/components/main_components_container";
import { makeDeferred, makeServiceRegistry, setPageURL, settle, startJsonRpcServer } from "./helpers";

afterEach(() => vi.restoreAllMocks());

const recorder = (log: string[], name: string, dependencies: string[] = [], extra: Partial<ServiceDefinition> = {}): ServiceDefinition => ({
  dependencies,
  start: () => (log.push(`start ${name}`), { name }),
  stop: () => void log.push(`stop ${name}`),
  ...extra,
});


/** A root component that throws in setup, as an app missing its config does. */
function brokenInSetup() {
  return class Broken extends Component {
    static override template = xml`<div/>`;
    override setup() {
      throw new Error("config.apiKey is missing");
    }
  };
}

describe("stopServices", () => {
  test("stops services once, dependents before their dependencies, and is idempotent", async () => {
    const log: string[] = [];
    const env = makeEnv();
    await startServices(env, makeServiceRegistry({ c: recorder(log, "c", ["b"]), a: recorder(log, "a"), b: recorder(log, "b", ["a"]) }));
    const first = stopServices(env);
    expect(stopServices(env)).toBe(first);
    await first;
    await stopServices(env);
    expect(log).toEqual(["start a", "start b", "start c", "stop c", "stop b", "stop a"]);
  });

  test("stops every service even when one stop fails, then rejects naming it", async () => {
    const log: string[] = [];
    const env = makeEnv();
    await startServices(env, makeServiceRegistry({ a: recorder(log, "a"), b: recorder(log, "b", ["a"], { stop: () => { throw new Error("socket busy"); } }) }));
    const error = await stopServices(env).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceStopError);
    expect((error as Error).message).toBe('Services failed to stop: "b" (socket busy)');
    expect(log).toContain("stop a");
  });

  test("a stopped env's rpc rejects at once, sending nothing; a call in flight is aborted", async () => {
    const server = await startJsonRpcServer({ "/slow": () => ({ hang: true }) });
    setPageURL(`${server.url}/odoo`);
    const env = makeEnv({ rpc: { shareConnectionState: false } });
    await startServices(env, makeServiceRegistry({ notification: notificationService, rpc: rpcService }));
    const inFlight = env.services.rpc("/slow");
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    await stopServices(env);
    await expect(inFlight).rejects.toBeInstanceOf(ConnectionAbortedError);
    const after = env.services.rpc("/slow");
    await expect(after).rejects.toBeInstanceOf(EnvStoppedError);
    await expect(after).rejects.toThrow("rpc /slow: the env is stopped (stopServices ran, or its app was destroyed); nothing was sent");
    expect(server.requests).toHaveLength(1);
    await expect(startServices(env)).rejects.toThrow("Cannot start services: this env was stopped (stopServices); make a new env with makeEnv()");
    await server.close();
  });
});

describe("startServices, whatever it meets", () => {
  test("two concurrent calls start each service once", async () => {
    const starts: string[] = [];
    const services = makeServiceRegistry({
      a: { start: async () => (starts.push("a"), await new Promise((r) => setTimeout(r, 10)), "A") },
      b: { dependencies: ["a"], start: () => (starts.push("b"), "B") },
    });
    const env = makeEnv();
    await Promise.all([startServices(env, services), startServices(env, services)]);
    expect(starts).toEqual(["a", "b"]);
    expect(env.services).toMatchObject({ a: "A", b: "B" });
  });

  test.each([
    ["null", null, 'Service "x" failed to start: null'],
    ["a string", "disk full", 'Service "x" failed to start: disk full'],
    ["an object without prototype", Object.create(null) as object, 'Service "x" failed to start: {}'],
  ])("rejects, never hangs, when start throws %s", async (_what, thrown, message) => {
    const env = makeEnv();
    const error = await startServices(env, makeServiceRegistry({ x: { start: () => { throw thrown; } } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceStartError);
    expect((error as Error).message).toBe(message);
    expect((error as Error).cause).toBe(thrown);
  });

  test("rejects naming the env's stop when stopServices runs while a service is still starting", async () => {
    const log: string[] = [];
    const slow = makeDeferred();
    const env = makeEnv();
    const services = makeServiceRegistry({
      a: recorder(log, "a", [], { start: async () => (await slow.promise, log.push("start a"), { name: "a" }) }),
      b: recorder(log, "b", ["a"]),
    });
    const outcome = startServices(env, services).then(() => "resolved", (error: unknown) => error);
    const stopped = stopServices(env);
    slow.resolve();
    await stopped;
    await settle();
    const error = await Promise.race([outcome, Promise.resolve("still pending")]);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('Cannot start services: the env was stopped (stopServices) during start-up; not started: b');
    expect(log).toEqual(["start a", "stop a"]);
  });

  test("starts services named like Object's own members as any other", async () => {
    const names = ["toString", "constructor", "__proto__", "valueOf", "hasOwnProperty"];
    const env = makeEnv();
    const services = makeServiceRegistry();
    for (const name of names) services.add(name, { start: () => `service ${name}` });
    // biome-ignore lint/suspicious/noProto: a service named "__proto__" is the case under test
    services.add("user", { dependencies: ["toString", "__proto__"], start: (_env, deps) => `${String(deps.toString)} + ${String(deps.__proto__)}` });
    await startServices(env, services);
    for (const name of names) expect(env.services[name]).toBe(`service ${name}`);
    expect(env.services.user).toBe("service toString + service __proto__");
  });
});

describe("mountComponent", () => {
  class Root extends Component {
    static override template = xml`<div class="root">mounted<MainComponentsContainer/></div>`;
    static components = { MainComponentsContainer };
  }

  test("makes the env from config, starts its services and mounts; destroying the app stops them", async () => {
    for (const [name, definition] of [["notification", notificationService], ["rpc", rpcService], ["error_display", errorDisplayService]] as const) {
      registry.category("services").add(name, definition as ServiceDefinition, { force: true });
    }
    const target = document.createElement("div");
    document.body.append(target);
    const app = await mountComponent(Root, target, { config: { rpc: { timeout: 1234, shareConnectionState: false } }, test: true });
    expect(target.querySelector(".root")?.textContent).toContain("mounted");
    const env = app.env as ReturnType<typeof makeEnv>;
    expect(env.config.rpc?.timeout).toBe(1234);
    app.destroy();
    await stopServices(env); // the destroy's own stop, already under way: the same promise
    await expect(env.services.rpc("/x")).rejects.toBeInstanceOf(EnvStoppedError);
    target.remove();
  });

  test("100 apps mounted and destroyed leave no window or document listener, timer or channel behind", async () => {
    for (const [name, definition] of [["notification", notificationService], ["rpc", rpcService], ["error_display", errorDisplayService]] as const) {
      registry.category("services").add(name, definition as ServiceDefinition, { force: true });
    }
    let listeners = 0;
    const add = browser.addEventListener.bind(browser);
    const remove = browser.removeEventListener.bind(browser);
    vi.spyOn(browser, "addEventListener").mockImplementation((type, listener) => (listeners++, add(type, listener)));
    vi.spyOn(browser, "removeEventListener").mockImplementation((type, listener) => (listeners--, remove(type, listener)));
    const documentAdd = vi.spyOn(document, "addEventListener");
    const documentRemove = vi.spyOn(document, "removeEventListener");
    const timers = new Set<TimeoutId>();
    const setTimer = browser.setTimeout.bind(browser);
    const clearTimer = browser.clearTimeout.bind(browser);
    vi.spyOn(browser, "setTimeout").mockImplementation((callback, delay) => {
      const id: TimeoutId = setTimer(() => (timers.delete(id), callback()), delay);
      timers.add(id);
      return id;
    });
    vi.spyOn(browser, "clearTimeout").mockImplementation((id) => (timers.delete(id!), clearTimer(id)));
    let channels = 0;
    class CountedChannel extends BroadcastChannel {
      constructor(name: string) {
        super(name);
        channels++;
      }
      override close() {
        channels--;
        super.close();
      }
    }
    vi.spyOn(browser, "BroadcastChannel", "get").mockReturnValue(CountedChannel);

    const target = document.createElement("div");
    document.body.append(target);
    for (let i = 0; i < 100; i++) {
      const app = await mountComponent(Root, target, { test: true });
      expect(listeners).toBeGreaterThan(0);
      app.destroy();
    }
    await vi.waitFor(() => expect({ listeners, channels, timers: timers.size }).toEqual({ listeners: 0, channels: 0, timers: 0 }));
    expect(documentAdd.mock.calls.length).toBe(documentRemove.mock.calls.length);
    target.remove();
  });

  describe("when the root fails to start", () => {
    const useServices = () => {
      let captured: ReturnType<typeof makeEnv> | undefined;
      for (const [name, definition] of [["notification", notificationService], ["rpc", rpcService], ["error_display", errorDisplayService]] as const) {
        registry.category("services").add(name, definition as ServiceDefinition, { force: true });
      }
      registry.category("services").add(
        "probe",
        {
          start: (env) => {
            captured = env;
          },
        },
        { force: true },
      );
      registry.category("main_components").add("NotificationContainer", { Component: NotificationContainer }, { force: true });
      return () => captured!;
    };

    test("rejects with the error and shows its category, message, Details and Reload in place of the app; notifications still show", async () => {
      const env = useServices();
      const server = await startJsonRpcServer({
        "/boom": () => ({ error: { code: 200, message: "Odoo Server Error", data: { name: "odoo.exceptions.AccessError", message: "You may not read orders.", debug: "Traceback (most recent call last):\n  File orders.py" } } }),
      });
      setPageURL(`${server.url}/odoo`);
      class Failing extends Component {
        static override template = xml`<div class="root">never shown</div>`;
        override setup() {
          onWillStart(() => (this.env as ReturnType<typeof makeEnv>).services.rpc("/boom"));
        }
      }
      const target = document.createElement("div");
      document.body.append(target);
      const reload = vi.spyOn(browser, "reload").mockImplementation(() => undefined);
      const error = await mountComponent(Failing, target, { config: { rpc: { shareConnectionState: false } }, test: true }).catch((e: unknown) => e);
      expect(rootCause(error)).toBeInstanceOf(RPCError);
      // Uncaught, it would be claimed quietly: the page shows it already.
      const unhandled = Object.assign(new Event("unhandledrejection", { cancelable: true }), { reason: error });
      window.dispatchEvent(unhandled);
      expect(unhandled.defaultPrevented).toBe(true);
      expect(target.querySelector(".root")).toBeNull();
      await vi.waitFor(() => expect(target.querySelector(".o_root_failure_title")?.textContent).toBe("Access Error"));
      expect(target.querySelector(".o_root_failure_message")?.textContent).toBe("You may not read orders.");
      const [reloadButton, detailsButton] = [...target.querySelectorAll<HTMLButtonElement>(".o_root_failure_actions button")];
      detailsButton!.click();
      await vi.waitFor(() => expect(target.querySelector(".o_root_failure_details")?.textContent).toContain("Traceback (most recent call last):\n  File orders.py"));
      expect(detailsButton!.getAttribute("aria-expanded")).toBe("true");
      reloadButton!.click();
      expect(reload).toHaveBeenCalledOnce();
      env().services.notification.add("The services are still running");
      await vi.waitFor(() => expect(target.querySelector(".o_notification")?.textContent).toContain("The services are still running"));
      await stopServices(env());
      await server.close();
      target.remove();
    });

    test("a root that throws in setup gets the page too, titled as an app that could not start", async () => {
      useServices();
      const Broken = brokenInSetup();
      const target = document.createElement("div");
      document.body.append(target);
      await expect(mountComponent(Broken, target, { test: true })).rejects.toThrow();
      await vi.waitFor(() => expect(target.querySelector(".o_root_failure_title")?.textContent).toBe("The app could not start"));
      expect(target.querySelector(".o_root_failure_message")?.textContent).toBe("config.apiKey is missing");
      target.remove();
    });

    test("stopServices on the env passed in options ends what a failed mount left: the services, the failure page and the main components", async () => {
      useServices();
      const Broken = brokenInSetup();
      const target = document.createElement("div");
      document.body.append(target);
      const env = makeEnv({ rpc: { shareConnectionState: false } });
      await expect(mountComponent(Broken, target, { env, test: true })).rejects.toThrow();
      await vi.waitFor(() => expect(target.querySelector(".o_root_failure_title")).not.toBeNull());
      expect(target.querySelector(".o_notification_manager")).not.toBeNull();
      await stopServices(env);
      expect(target.innerHTML).toBe("");
      await expect(env.services.rpc("/x")).rejects.toBeInstanceOf(EnvStoppedError);
      target.remove();
    });

    test("refuses config and env together, naming both", async () => {
      await expect(mountComponent(Root, document.createElement("div"), { env: makeEnv(), config: {} })).rejects.toThrow(
        "mountComponent: options.config and options.env together (pass one)",
      );
    });

    test("one main components container per env renders: the root's own stays empty under mountComponent", async () => {
      useServices();
      const target = document.createElement("div");
      document.body.append(target);
      const app = await mountComponent(Root, target, { test: true });
      expect(target.querySelectorAll(".o_notification_manager")).toHaveLength(1);
      expect(target.querySelector(".root .o-main-components-container")?.children).toHaveLength(0);
      app.destroy();
      target.remove();
    });
  });
});
