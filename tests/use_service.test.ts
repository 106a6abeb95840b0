import { Component, onWillStart, status, useState, xml } from "@odoo/owl";
import { describe, expect, expectTypeOf, test, vi } from "vitest";
import { makeEnv, startServices, type Env, type Services } from "../src/env";
import { ComponentDestroyedError, useService } from "../src/use_service";
import { makeDeferred, makeServiceRegistry, mountWithServices, nextRender, settle, type Deferred } from "./helpers";

type Fetcher = (value: string) => Promise<string> & { abort(): void; tag: string }
interface Store {
  prefix: string;
  load(value: string): Promise<string>;
  label(value: string): string;
  save(value: string): Promise<string>;
}

declare module "owl-services" {
  interface Services {
    test_fetch: Fetcher;
    test_store: Store;
  }
}

class Probe extends Component {
  static override template = xml`<div class="probe"/>`;
  fetch!: Fetcher;
  store!: Store;
  override setup() {
    this.fetch = useService("test_fetch");
    this.store = useService("test_store");
  }
}

async function setup() {
  const pending: Deferred<string>[] = [];
  const calls: string[] = [];
  const aborts: string[] = [];
  const services = makeServiceRegistry({
    test_fetch: {
      async: true,
      start: () =>
        ((value: string) => {
          calls.push(value);
          const deferred = makeDeferred<string>();
          pending.push(deferred);
          return Object.assign(deferred.promise, { abort: () => aborts.push(value), tag: `req:${value}` });
        }) as Fetcher,
    },
    test_store: {
      async: ["load"],
      start: () => {
        const store: Store = {
          prefix: "store:",
          load(value) {
            calls.push(`load ${value}`);
            const deferred = makeDeferred<string>();
            pending.push(deferred);
            return deferred.promise.then((v) => this.prefix + v);
          },
          label(value) {
            return this.prefix + value;
          },
          save: (value) => Promise.resolve(`saved ${value}`),
        };
        return store;
      },
    },
  });
  const env: Env = makeEnv();
  await startServices(env, services);
  const { app, component } = await mountWithServices(Probe, env);
  return { app, component, pending, calls, aborts, env };
}

/** Whether `promise` settled once everything already under way has run (the service's promise has settled by then). */
async function settled(promise: Promise<unknown>): Promise<"resolved" | "rejected" | "pending"> {
  let state: "resolved" | "rejected" | "pending" = "pending";
  promise.then(
    () => (state = "resolved"),
    () => (state = "rejected"),
  );
  await settle();
  return state;
}

describe("useService", () => {
  test("throws 'Service <name> is not available' for a service that is not started", async () => {
    class Asker extends Component {
      static override template = xml`<div/>`;
      override setup() {
        useService("nope" as keyof Services);
      }
    }
    await expect(mountWithServices(Asker, makeEnv())).rejects.toThrow("Service nope is not available");
  });

  test("returns a service without async as it is", async () => {
    const clock = { now: () => 1 };
    const env = makeEnv();
    await startServices(env, makeServiceRegistry({ clock: { start: () => clock } }));
    let seen: unknown;
    class Asker extends Component {
      static override template = xml`<div/>`;
      override setup() {
        seen = useService("clock" as keyof Services);
      }
    }
    await mountWithServices(Asker, env);
    expect(seen).toBe(clock);
  });

  test("resolves a protected call while the component is alive", async () => {
    const { component, pending } = await setup();
    const result = component.fetch("a");
    pending[0]!.resolve("A");
    await expect(result).resolves.toBe("A");
  });

  test("rejects a protected call's failure while the component is alive", async () => {
    const { component, pending } = await setup();
    const result = component.fetch("a");
    pending[0]!.reject(new Error("server said no"));
    await expect(result).rejects.toThrow("server said no");
  });

  test("throws an error containing 'destroyed' and reaches nothing when called after destroy", async () => {
    const { app, component, calls } = await setup();
    app.destroy();
    expect(() => component.fetch("late")).toThrow(ComponentDestroyedError);
    expect(() => component.fetch("late")).toThrow(/destroyed/);
    expect(() => component.store.load("late")).toThrow("Cannot call test_store.load: the calling component is destroyed");
    expect(calls).toEqual([]);
  });

  test("throws an error containing 'destroyed' when the component was cancelled before mounting", async () => {
    const env = makeEnv();
    const calls: string[] = [];
    await startServices(env, makeServiceRegistry({
      test_fetch: { async: true, start: () => (v: string) => (calls.push(v), Promise.resolve(v)) },
    }));
    const gate = makeDeferred();
    let fetch: ((v: string) => Promise<string>) | undefined;
    let waiting: Component | undefined;
    class Waiting extends Component {
      static override template = xml`<div class="waiting"/>`;
      override setup() {
        fetch = useService("test_fetch");
        waiting = this;
        onWillStart(() => gate.promise);
      }
    }
    class Parent extends Component {
      static override template = xml`<div><Waiting t-if="state.show"/></div>`;
      static components = { Waiting };
      state = useState({ show: false });
    }
    const { component } = await mountWithServices(Parent, env);
    component.state.show = true;
    await nextRender();
    expect(fetch).toBeDefined();
    // Removed while still in willStart: OWL cancels it rather than destroying a mounted one.
    component.state.show = false;
    // A new render cancels the pending child at once; OWL destroys it in a later frame.
    component.render();
    expect(status(waiting!)).toBe("cancelled");
    gate.resolve();
    expect(() => fetch!("x")).toThrow(/destroyed before it was mounted \(cancelled\)/);
    expect(calls).toEqual([]);
  });

  test("never settles a success that arrives after the component is destroyed", async () => {
    const { app, component, pending } = await setup();
    const result = component.fetch("a");
    app.destroy();
    pending[0]!.resolve("A");
    expect(await settled(result)).toBe("pending");
  });

  test("never settles a failure that arrives after the component is destroyed", async () => {
    const { app, component, pending } = await setup();
    const result = component.fetch("a");
    const unhandled = vi.fn();
    process.on("unhandledRejection", unhandled);
    app.destroy();
    pending[0]!.reject(new Error("late failure"));
    expect(await settled(result)).toBe("pending");
    process.off("unhandledRejection", unhandled);
    expect(unhandled).not.toHaveBeenCalled();
  });

  test("keeps abort and the other members of the service's promise", async () => {
    const { component, aborts } = await setup();
    const result = component.fetch("a");
    expect(result.tag).toBe("req:a");
    result.abort();
    expect(aborts).toEqual(["a"]);
  });

  test("keeps this for protected members and leaves the others unprotected", async () => {
    const { app, component, pending } = await setup();
    const loaded = component.store.load("x");
    pending[0]!.resolve("X");
    await expect(loaded).resolves.toBe("store:X");
    expect(component.store.label("y")).toBe("store:y");
    expect(component.store.prefix).toBe("store:");
    app.destroy();
    // "save" is not listed in async: it is the service's own member, unprotected.
    await expect(component.store.save("z")).resolves.toBe("saved z");
  });

  test("protects every function member of an object service declared async: true", async () => {
    const env = makeEnv();
    const calls: string[] = [];
    await startServices(env, makeServiceRegistry({
      test_store: {
        async: true,
        start: () => ({
          prefix: "p",
          load: (v: string) => (calls.push(v), Promise.resolve(v)),
          label: (v: string) => v,
          save: (v: string) => (calls.push(v), Promise.resolve(v)),
        }),
      },
    }));
    let store!: Store;
    class Asker extends Component {
      static override template = xml`<div/>`;
      override setup() {
        store = useService("test_store");
      }
    }
    const { app } = await mountWithServices(Asker, env);
    app.destroy();
    expect(() => store.save("z")).toThrow(/destroyed/);
    expect(() => store.label("z")).toThrow(/destroyed/);
    expect(calls).toEqual([]);
  });

  test("types useService by the Services interface", () => {
    expectTypeOf(useService<"test_store">).returns.toEqualTypeOf<Store>();
    expectTypeOf(useService<"test_fetch">).returns.toEqualTypeOf<Fetcher>();
  });

  test("says how to fix it when a service is used before startServices finished", async () => {
    class Early extends Component {
      static override template = xml`<div/>`;
      override setup() {
        useService("test_fetch");
      }
    }
    const gate = makeDeferred<Fetcher>();
    const env = makeEnv();
    const starting = startServices(env, makeServiceRegistry({ test_fetch: { start: () => gate.promise } }));
    await expect(mountWithServices(Early, env)).rejects.toThrow(
      "Service test_fetch is not available yet: startServices(env) has not finished. Mount the app once it has: await startServices(env); await new App(Root, { env }).mount(target)",
    );
    gate.resolve((() => Promise.resolve("x")) as unknown as Fetcher);
    await starting;
    await expect(mountWithServices(Early, env)).resolves.toBeDefined();
  });
});

describe("useService in a class field", () => {
  class FieldProbe extends Component {
    static override template = xml`<div/>`;
    fetch = useService("test_fetch");
    store = useService("test_store");
    go(value: string) {
      return this.fetch(value);
    }
  }

  test("works for a function service called as this.name(…), protected for the component", async () => {
    const { env, pending, calls } = await setup();
    const { app, component } = await mountWithServices(FieldProbe, env);
    const first = component.go("a");
    expect(calls).toEqual(["a"]);
    pending[0]!.resolve("A");
    await expect(first).resolves.toBe("A");
    const inFlight = component.go("b");
    app.destroy();
    pending[1]!.resolve("B");
    expect(await settled(inFlight)).toBe("pending");
    expect(() => component.go("c")).toThrow(ComponentDestroyedError);
    expect(calls).toEqual(["a", "b"]);
  });

  test("refuses an object service, or a call not made on the component, with a message that shows the setup() form", async () => {
    const { env } = await setup();
    const { component } = await mountWithServices(FieldProbe, env);
    const hint = 'useService("test_store") in a class field: OWL creates class fields before it sets the component up, so write it in setup(): setup() { this.test_store = useService("test_store"); }';
    expect(() => component.store.load("x")).toThrow(`${hint} (this.test_store.load cannot be reached from a class field)`);
    const detached = component.fetch;
    expect(() => detached("x")).toThrow(/useService\("test_fetch"\) in a class field: .* \(a service from a class field can only be called as this\.test_fetch\(…\)\)$/);
  });
});

