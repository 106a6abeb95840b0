import { EventBus } from "@odoo/owl";
import { describe, expect, test, vi } from "vitest";
import { makeEnv, ServiceDependencyError, ServiceStartError, startServices } from "../src/env";
import { makeDeferred, makeServiceRegistry } from "./helpers";

describe("makeEnv", () => {
  test("creates a bus, an empty services object and keeps the config given", () => {
    const config = { translate: (text: string) => text.toUpperCase() };
    const env = makeEnv(config);
    expect(env.bus).toBeInstanceOf(EventBus);
    expect(env.services).toEqual({});
    expect(env.config).toBe(config);
    expect(makeEnv().config).toEqual({});
  });
});

describe("startServices", () => {
  test("starts a service after its dependencies whatever the registration order", async () => {
    const order: string[] = [];
    const services = makeServiceRegistry({
      c: { dependencies: ["b"], start: (_env, deps) => (order.push("c"), `c(${String(deps.b)})`) },
      b: { dependencies: ["a"], start: (_env, deps) => (order.push("b"), `b(${String(deps.a)})`) },
      a: { start: () => (order.push("a"), "a") },
    });
    const env = makeEnv();
    await startServices(env, services);
    expect(order).toEqual(["a", "b", "c"]);
    expect(env.services.c).toBe("c(b(a))");
  });

  test("passes only the declared dependencies as deps", async () => {
    const seen = vi.fn();
    const services = makeServiceRegistry({
      a: { start: () => "A" },
      b: { start: () => "B" },
      c: { dependencies: ["a"], start: (_env, deps) => seen(deps) },
    });
    await startServices(makeEnv(), services);
    expect(seen).toHaveBeenCalledWith({ a: "A" });
  });

  test("starts independent services in parallel", async () => {
    const gate = makeDeferred();
    const started: string[] = [];
    const services = makeServiceRegistry({
      slow1: { start: async () => (started.push("slow1"), await gate.promise, 1) },
      slow2: { start: async () => (started.push("slow2"), await gate.promise, 2) },
    });
    const env = makeEnv();
    const done = startServices(env, services);
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual(["slow1", "slow2"]);
    gate.resolve();
    await done;
    expect(env.services).toEqual({ slow1: 1, slow2: 2 });
  });

  test("rejects naming the service and the missing dependency, without hanging", async () => {
    const services = makeServiceRegistry({
      a: { start: () => 1 },
      orders: { dependencies: ["a", "rpc"], start: () => 2 },
    });
    const env = makeEnv();
    const error = await startServices(env, services).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceDependencyError);
    expect((error as Error).message).toBe('Cannot start services: "orders" depends on "rpc", which is not registered');
    expect((error as ServiceDependencyError).services).toEqual(["orders"]);
    expect(env.services.a).toBe(1);
  });

  test("rejects naming the cycle as a path, without hanging", async () => {
    const services = makeServiceRegistry({
      root: { start: () => 0 },
      a: { dependencies: ["root", "b"], start: () => 1 },
      b: { dependencies: ["c"], start: () => 2 },
      c: { dependencies: ["a"], start: () => 3 },
    });
    await expect(startServices(makeEnv(), services)).rejects.toThrow(
      "Cannot start services: dependency cycle a -> b -> c -> a",
    );
  });

  test("rejects a service that depends on itself", async () => {
    const services = makeServiceRegistry({ a: { dependencies: ["a"], start: () => 1 } });
    await expect(startServices(makeEnv(), services)).rejects.toThrow("dependency cycle a -> a");
  });

  test("rejects with ServiceStartError naming the service and keeping the original as cause", async () => {
    const original = new Error("no database");
    const services = makeServiceRegistry({
      db: {
        start: () => {
          throw original;
        },
      },
    });
    const error = await startServices(makeEnv(), services).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceStartError);
    expect((error as Error).message).toBe('Service "db" failed to start: no database');
    expect((error as Error).cause).toBe(original);
  });

  test("rejects when an async start rejects", async () => {
    const services = makeServiceRegistry({ late: { start: () => Promise.reject(new Error("boom")) } });
    await expect(startServices(makeEnv(), services)).rejects.toThrow('Service "late" failed to start: boom');
  });

  test("starts services registered while start-up is running, and waits for them", async () => {
    const gate = makeDeferred();
    const services = makeServiceRegistry({ first: { start: () => gate.promise.then(() => 1) } });
    const env = makeEnv();
    const done = startServices(env, services);
    services.add("second", { dependencies: ["first"], start: () => 2 });
    gate.resolve();
    await done;
    expect(env.services).toEqual({ first: 1, second: 2 });
  });

  test("starts services registered after start-up, with their dependencies registered after them", async () => {
    const services = makeServiceRegistry({ a: { start: () => 1 } });
    const env = makeEnv();
    await startServices(env, services);
    services.add("c", { dependencies: ["b"], start: (_e, deps) => Number(deps.b) + 1 });
    await new Promise((r) => setTimeout(r, 0));
    expect(env.services.c).toBeUndefined();
    services.add("b", { dependencies: ["a"], start: () => 2 });
    await vi.waitFor(() => expect(env.services.c).toBe(3));
  });

  test("reports a failure of a late service on the bus and the console", async () => {
    const services = makeServiceRegistry();
    const env = makeEnv();
    await startServices(env, services);
    const errors: unknown[] = [];
    env.bus.addEventListener("SERVICES:ERROR", (ev) => errors.push((ev as CustomEvent).detail.error));
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
    services.add("bad", { start: () => Promise.reject(new Error("nope")) });
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect((errors[0] as Error).message).toBe('Service "bad" failed to start: nope');
    expect(consoleError).toHaveBeenCalledWith(errors[0]);
    consoleError.mockRestore();
  });

  test("does not restart services already started on the env", async () => {
    const start = vi.fn(() => ({}));
    const services = makeServiceRegistry({ once: { start } });
    const env = makeEnv();
    await startServices(env, services);
    const first = env.services.once;
    await startServices(env, services);
    expect(start).toHaveBeenCalledTimes(1);
    expect(env.services.once).toBe(first);
  });
});
