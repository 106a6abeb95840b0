import { Component, status, useComponent } from "@odoo/owl";
import { getServiceDefinition, isStarting, type Env, type Services } from "./env.js";
import type { GuardedCallback } from "./services/rpc/types.js";

/**
 * Triggered on the env's bus with `{ error, service }` when a call fails after its component was
 * destroyed: the caller's promise stays pending, and the error display shows the failure as unhandled.
 */
export const UNHANDLED_ERROR = "SERVICES:UNHANDLED_ERROR";

/** Thrown when a destroyed (or cancelled) component calls a protected service member. */
export class ComponentDestroyedError extends Error {
  override name = "ComponentDestroyedError" as const;
  constructor(service: string, member: string | null, componentStatus: string) {
    const target = member ? `${service}.${member}` : service;
    const why = componentStatus === "cancelled" ? "destroyed before it was mounted (cancelled)" : "destroyed";
    super(`Cannot call ${target}: the calling component is ${why}; a destroyed component must be inert`);
  }
}

/**
 * The service `name`, for the component whose `setup()` calls this. Members its definition marks
 * `async` are protected for this component: called after it is destroyed they throw
 * {@link ComponentDestroyedError} and reach nothing; a promise they returned that settles after
 * the component is destroyed never settles for it (follow-up code never runs). Members of the
 * returned promise (`abort`, …) are kept. What a protected member returns that is not a promise
 * is returned as it is: a variant an object service derives from itself with `Object.create`
 * (`orm.silent`, `orm.cache()`) inherits the protection. In a class field (`rpc = useService("rpc")`),
 * only a function service works, called as `this.rpc(…)`.
 * @example
 * setup() { this.rpc = useService("rpc"); }
 */
export function useService<K extends keyof Services>(name: K): Services[K] {
  const key = name as string;
  let component: Component | undefined;
  try {
    component = useComponent();
  } catch {
    throw outsideSetup(key);
  }
  // OWL leaves its last component current after setup: one that is set up already is not calling us.
  if (component && status(component) !== "new") throw outsideSetup(key);
  // In a class field, OWL has not set the component up yet: bind the service at call time.
  return (component ? serviceFor(component, key) : fieldService(key)) as Services[K];
}

const outsideSetup = (key: string) =>
  new Error(
    `useService("${key}") was called outside any component's setup(): call it in setup() (this.${key} = useService("${key}")); outside components, use env.services.${key}`,
  );

/** The service `key` of `component`'s env, protected for that component when its definition says so. */
function serviceFor(component: Component, key: string): unknown {
  const env = component.env as Env;
  if (!(key in env.services)) {
    throw new Error(
      isStarting(env)
        ? `Service ${key} is not available yet: startServices(env) has not finished. Mount the app once it has: await startServices(env); await new App(Root, { env }).mount(target)`
        : `Service ${key} is not available: no service of that name was started on this env (register it in registry.category("services") before startServices(env))`,
    );
  }
  const service = env.services[key];
  const async = getServiceDefinition(env, key)?.async;
  if (!async || (typeof service !== "function" && (typeof service !== "object" || service === null))) return service;
  if (typeof service === "function") {
    const guarded = protect(component, key, null, service as (...args: unknown[]) => unknown);
    // The function's own members (the rpc's `layers`) come along.
    for (const member of Reflect.ownKeys(service)) {
      if (!(member in guarded)) Object.defineProperty(guarded, member, Object.getOwnPropertyDescriptor(service, member)!);
    }
    return guarded;
  }
  // Prototype-linked: getters and the other members answer from the service, `this` included.
  const guarded: Record<string, unknown> = Object.create(service);
  for (const member of async === true ? functionMembers(service) : async) {
    const value = (service as Record<string, unknown>)[member];
    if (typeof value === "function") guarded[member] = protect(component, key, member, value as (...args: unknown[]) => unknown);
  }
  return guarded;
}

const fieldHint = (key: string) =>
  `useService("${key}") in a class field: OWL creates class fields before it sets the component up, so write it in setup(): setup() { this.${key} = useService("${key}"); }`;

/**
 * What `useService` returns in a class field (`rpc = useService("rpc")`): a function that finds
 * its component when called as `this.rpc(…)` and is protected for it. An object service, or a call
 * not made on the component, throws the library's own message.
 */
function fieldService(key: string): unknown {
  let service: ((...args: unknown[]) => unknown) | undefined;
  const lateBoundService = function (this: unknown, ...args: unknown[]): unknown {
    if (!(this instanceof Component)) {
      throw new Error(`${fieldHint(key)} (a service from a class field can only be called as this.${key}(…))`);
    }
    const found = service ?? serviceFor(this, key);
    if (typeof found !== "function") {
      throw new Error(`${fieldHint(key)} (${key} is an object service: only a function service such as rpc works from a class field)`);
    }
    service = found as (...args: unknown[]) => unknown;
    return service.apply(this, args);
  };
  return new Proxy(lateBoundService, {
    get(target, property, receiver) {
      if (typeof property === "symbol" || property in target) return Reflect.get(target, property, receiver);
      throw new Error(`${fieldHint(key)} (this.${key}.${property} cannot be reached from a class field)`);
    },
  });
}

/** Own and inherited method names of `service` (not Object.prototype's). */
function functionMembers(service: object): string[] {
  const names = new Set<string>();
  for (let proto: object | null = service; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key !== "constructor" && typeof Object.getOwnPropertyDescriptor(proto, key)?.value === "function") names.add(key);
    }
  }
  return [...names];
}

function isDead(component: Component): string | null {
  const current = status(component);
  return current === "destroyed" || current === "cancelled" ? current : null;
}

function protect(component: Component, service: string, member: string | null, fn: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  const name = member ? `${service}.${member}` : service;
  // Made once per protected member, not per call: a call adds one promise (`then`) to the service's.
  const onValue = (value: unknown) => (isDead(component) ? new Promise(() => {}) : value);
  const onError = (error: unknown) => {
    if (!isDead(component)) throw error;
    // No code of the dead component may run, but the failure must not vanish: the app hears of it.
    component.env.bus.trigger(UNHANDLED_ERROR, { error, service: name });
    return new Promise(() => {});
  };
  return function protectedCall(this: unknown, ...args: unknown[]) {
    const dead = isDead(component);
    if (dead) {
      throw new ComponentDestroyedError(service, member, dead);
    }
    // Most calls hand over no callback: their arguments are passed as they are, nothing copied.
    let guardedArgs = args;
    for (let i = 0; i < args.length; i++) {
      if (hasCallback(args[i], 2)) {
        guardedArgs = args.map((arg) => guardCallbacks(component, arg, 2));
        break;
      }
    }
    // `this`: the protected service, or a variant made from it (`orm.silent`), whose settings the member reads.
    const result = fn.apply(this, guardedArgs);
    if (!isThenable(result)) return result;
    // Settles as the service's promise does while the component lives; once it is destroyed, never.
    const guarded = Promise.resolve(result).then(onValue, onError);
    // Keep `abort` and any other member of the service's promise on the one the caller gets.
    for (const key in result) {
      if (!Object.hasOwn(result, key)) continue;
      const value = (result as unknown as Record<string, unknown>)[key];
      (guarded as unknown as Record<string, unknown>)[key] =
        typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(result) : value;
    }
    return guarded;
  };
}

/**
 * Callbacks a component hands to a service in an options object (`{ cache: { onUpdate } }`) never
 * run once it is destroyed, and say whether it lives (`alive()`: a live read stops asking for a
 * destroyed one). Plain objects are copied (two levels deep); nothing else is touched.
 */
function guardCallbacks(component: Component, value: unknown, depth: number): unknown {
  if (!isPlainObject(value) || !hasCallback(value, depth)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] =
      typeof item === "function"
        ? Object.assign(
            function guardedCallback(this: unknown, ...args: unknown[]) {
              return isDead(component) ? undefined : (item as (...a: unknown[]) => unknown).apply(this, args);
            },
            { alive: () => !isDead(component) } satisfies GuardedCallback,
          )
        : guardCallbacks(component, item, depth - 1);
  }
  return copy;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
};

/** Whether a plain object holds a function within `depth` levels (most arguments do not: left as they are). */
function hasCallback(value: unknown, depth: number): boolean {
  if (depth === 0 || !isPlainObject(value)) return false;
  // for…in, not Object.values: nothing allocated for the calls that hand over no callback.
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const item = value[key];
    if (typeof item === "function" || hasCallback(item, depth - 1)) return true;
  }
  return false;
}

function isThenable(value: unknown): value is PromiseLike<unknown> & object {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
