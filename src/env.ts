import { EventBus } from "@odoo/owl";
import { registry, type Registry, type RegistryUpdate } from "./registry.js";
import { diagnose } from "./service_dependencies.js";

export { ServiceDependencyError } from "./service_dependencies.js";

/**
 * The started services, by name. Each service module adds its own entry; add yours by
 * declaration merging so `useService("yours")` is typed:
 * @example
 * declare module "owl-services" {
 *   interface Services { clock: { now(): Date } }
 * }
 */
// biome-ignore lint/suspicious/noEmptyInterface: apps extend it by declaration merging
export interface Services {}

/**
 * The app's configuration, read by the services. Each service adds its own section; extend it
 * by declaration merging for your own services.
 */
export interface Config {
  /**
   * Translates the texts the library shows by itself (see the README's list of message ids).
   * An OWL app's `translateFn` is used first where the text is rendered by a component.
   */
  translate?: (text: string) => string;
}

/** What components receive as `this.env`. OWL's App keeps a frozen copy (same bus, same services). */
export interface Env {
  /** App-wide events: `RPC:REQUEST`, `RPC:RESPONSE`, `RPC_ERROR`, … */
  bus: EventBus;
  /** Started services by name, typed by {@link Services}; filled by `startServices`. */
  services: Services & Record<string, unknown>;
  config: Config;
}

/** How a service is started. Register it in `registry.category("services")`. */
export interface ServiceDefinition<V = unknown> {
  /** Services started before this one and passed to `start` as `deps`. */
  dependencies?: string[];
  /** `deps` holds the declared dependencies, typed by {@link Services}: `start(env, { rpc })`. */
  start(env: Env, deps: Env["services"]): V | Promise<V>;
  /**
   * What `useService` protects for the calling component: `true` for a function service (or
   * every function member of an object service), or the names of the members that return promises.
   */
  async?: true | string[];
  /** Undoes `start`: timers, pollers, channels, listeners, requests. Run by `stopServices`, once. */
  stop?(service: V, env: Env): void | Promise<void>;
}

declare module "./registry.js" {
  interface RegistryCategories {
    services: ServiceDefinition;
  }
}

/** Thrown by `startServices` when a service's `start` throws or rejects; the original is `cause`. */
export class ServiceStartError extends Error {
  override name = "ServiceStartError" as const;
  constructor(
    readonly service: string,
    cause: unknown,
  ) {
    super(`Service "${service}" failed to start: ${describe(cause)}`, { cause });
  }
}

/**
 * Everything `startServices` and `stopServices` keep per env: a member of the env itself (not
 * enumerable), which OWL's frozen copy of env carries too. Nothing global holds an env.
 */
interface EnvLifecycle {
  /** The definition each started service came from. */
  definitions: Map<string, ServiceDefinition>;
  /** Started services, in the order their start finished (dependencies before dependents). */
  order: string[];
  /** Starts in progress, by any startServices call on this env: each service starts once. */
  starting: Map<string, Promise<void>>;
  /** Starts that failed, so that another call does not start them again. */
  failed: Map<string, unknown>;
  /** How many startServices calls are running. */
  runs: number;
  /** Run first when the env stops: registry listeners, the apps mountComponent mounted. */
  onStop: (() => void)[];
  stopped: Promise<void> | undefined;
}
type LiveEnv = Env & { readonly lifecycle?: EnvLifecycle };

function lifecycleOf(env: Env): EnvLifecycle {
  const live = env as LiveEnv;
  if (live.lifecycle) return live.lifecycle;
  const lifecycle: EnvLifecycle = { definitions: new Map(), order: [], starting: new Map(), failed: new Map(), runs: 0, onStop: [], stopped: undefined };
  Object.defineProperty(env, "lifecycle", { value: lifecycle });
  return lifecycle;
}

/** The definition a started service came from, for `useService`. */
export function getServiceDefinition(env: Env, name: string): ServiceDefinition | undefined {
  return (env as LiveEnv).lifecycle?.definitions.get(name);
}

/** Whether `startServices` is still running on `env`. */
export function isStarting(env: Env): boolean {
  return ((env as LiveEnv).lifecycle?.runs ?? 0) > 0;
}

/** Runs `hook` when `env` stops, before its services stop (what was mounted on it); at once if it has. */
export function onEnvStop(env: Env, hook: () => void): void {
  const lifecycle = lifecycleOf(env);
  if (lifecycle.stopped) hook();
  else lifecycle.onStop.push(hook);
}

/** Creates an env: a new bus, no services yet, and `config` (never copied, so later edits are seen). */
export function makeEnv(config: Config = {}): Env {
  // No prototype: services named "toString" or "constructor" are services like any other.
  const env: Env = { bus: new EventBus(), services: Object.create(null) as Env["services"], config };
  lifecycleOf(env);
  return env;
}

const has = (services: object, name: string) => Object.hasOwn(services, name);

/** Starts service `name`, whose dependencies are started: `next()` once it is, `fail()` if its start fails. */
function startOne(env: Env, state: EnvLifecycle, name: string, definition: ServiceDefinition, next: () => void, fail: (error: Error) => void): void {
  const deps = Object.fromEntries((definition.dependencies ?? []).map((dep) => [dep, env.services[dep]])) as Env["services"];
  const start = Promise.resolve().then(() => definition.start(env, deps));
  state.starting.set(name, start.then(() => undefined, () => undefined));
  start.then(
    (value) => {
      env.services[name] = value;
      state.definitions.set(name, definition);
      state.order.push(name);
      state.starting.delete(name);
      next();
    },
    (error: unknown) => {
      state.starting.delete(name);
      state.failed.set(name, error);
      fail(new ServiceStartError(name, error));
    },
  );
}

/** Runs `step` after each registration in `services`, until the env stops. */
function followRegistrations(services: Registry<ServiceDefinition>, state: EnvLifecycle, step: () => void): void {
  const onUpdate = (event: Event) => {
    const { operation } = (event as CustomEvent<RegistryUpdate<ServiceDefinition>>).detail;
    if (operation === "add") {
      // Let the registering code finish (it may add the dependencies next) before looking.
      queueMicrotask(step);
    }
  };
  services.addEventListener("UPDATE", onUpdate);
  state.onStop.push(() => services.removeEventListener("UPDATE", onUpdate));
}

/**
 * Starts every service of `services` (default: `registry.category("services")`) after its
 * dependencies, whatever the order they were registered in; independent services start in
 * parallel. Services registered while start-up runs, or after it, are started too. Each service
 * starts once, however many calls run at the same time.
 *
 * Rejects with {@link ServiceDependencyError} when a dependency is missing or services depend on
 * each other in a cycle (nothing waits forever), and with {@link ServiceStartError} when a
 * service's `start` fails, whatever it throws. Services already started on this env are left as they are.
 * Rejects too when `stopServices` stops the env before every service has started.
 */
export function startServices(
  env: Env,
  services: Registry<ServiceDefinition> = registry.category("services"),
): Promise<void> {
  const state = lifecycleOf(env);
  if (state.stopped) {
    return Promise.reject(new Error("Cannot start services: this env was stopped (stopServices); make a new env with makeEnv()"));
  }
  state.runs++;
  let initialDone = false;
  const followed = new Set<string>();

  const started = new Promise<void>((resolve, reject) => {
    const fail = (error: Error) => {
      if (initialDone) {
        // A late registration has no caller to reject: tell the app and the console.
        env.bus.trigger("SERVICES:ERROR", { error });
        console.error(error);
      } else {
        initialDone = true;
        reject(error);
      }
    };

    const pending = () => services.getEntries().filter(([name]) => !has(env.services, name));

    const step = () => {
      if (state.stopped) {
        // Nothing more starts, and the caller hears it: start-up never hangs.
        if (!initialDone) fail(new Error(`Cannot start services: the env was stopped (stopServices) during start-up; not started: ${pending().map(([name]) => name).join(", ")}`));
        return;
      }
      for (const [name, definition] of pending()) {
        if (state.failed.has(name)) {
          return fail(new ServiceStartError(name, state.failed.get(name)));
        }
        const running = state.starting.get(name);
        if (running) {
          // Another startServices call is starting it: go on when it is done.
          if (!followed.has(name)) {
            followed.add(name);
            running.then(step, step);
          }
          continue;
        }
        if ((definition.dependencies ?? []).every((dep) => has(env.services, dep))) {
          startOne(env, state, name, definition, step, fail);
        }
      }
      if (state.starting.size) {
        return;
      }
      const waiting = pending();
      if (!waiting.length) {
        if (!initialDone) {
          initialDone = true;
          resolve();
        }
        return;
      }
      const problem = diagnose(waiting, services, env.services);
      // After start-up, a missing dependency may still be registered later: only cycles are errors then.
      if (problem && (!initialDone || problem.kind === "cycle")) {
        fail(problem.error);
      }
    };

    followRegistrations(services, state, step);
    step();
  });
  const finished = () => {
    state.runs--;
  };
  started.then(finished, finished);
  return started;
}

/** Thrown by `stopServices` when services' `stop` failed; every other service was stopped all the same. */
export class ServiceStopError extends Error {
  override name = "ServiceStopError" as const;
  constructor(readonly failures: { service: string; error: unknown }[]) {
    super(`Services failed to stop: ${failures.map(({ service, error }) => `"${service}" (${describe(error)})`).join(", ")}`, {
      cause: failures[0]?.error,
    });
  }
}

/**
 * Stops the env's services, dependents before their dependencies (the reverse of start-up), each
 * once: a service definition's `stop(service, env)` clears its timers, pollers, channels and
 * listeners and aborts its requests. Idempotent: a second call returns the first's promise. Late
 * registrations are no longer started. Rejects with {@link ServiceStopError} if a `stop` failed.
 */
export function stopServices(env: Env): Promise<void> {
  const state = lifecycleOf(env);
  if (state.stopped) return state.stopped;
  let ended!: () => void;
  // Set before the hooks run: a hook that stops the env again (an app's destroy) gets this promise.
  state.stopped = new Promise<void>((resolve) => {
    ended = resolve;
  }).then(async () => {
    // A start in progress finishes first, so that what it started is stopped too.
    await Promise.all(state.starting.values());
    const failures: { service: string; error: unknown }[] = [];
    for (const name of [...state.order].reverse()) {
      try {
        await state.definitions.get(name)?.stop?.(env.services[name], env);
      } catch (error) {
        failures.push({ service: name, error });
      }
    }
    if (failures.length) throw new ServiceStopError(failures);
  });
  for (const hook of state.onStop.splice(0)) {
    try {
      hook();
    } catch (error) {
      console.error(error);
    }
  }
  ended();
  return state.stopped;
}

/** Any thrown value as text: errors by message, anything else as JSON or its type (`null`, strings, objects without prototype…). */
function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? Object.prototype.toString.call(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
