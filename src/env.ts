import { EventBus } from "@odoo/owl";
import { registry, type Registry, type RegistryUpdate } from "./registry.js";

/**
 * The started services, by name. Each service module adds its own entry; add yours by
 * declaration merging so `useService("yours")` is typed:
 * @example
 * declare module "owl-services" {
 *   interface Services { clock: { now(): Date } }
 * }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
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
    super(`Service "${service}" failed to start: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

/** Thrown by `startServices` when services cannot start: missing dependencies or a cycle. */
export class ServiceDependencyError extends Error {
  override name = "ServiceDependencyError" as const;
  constructor(
    message: string,
    /** The services that could not be started. */
    readonly services: string[],
  ) {
    super(message);
  }
}

/** The definition each started service was started from, by the env's `services` object (shared with OWL's frozen copy of the env). */
const startedDefinitions = new WeakMap<object, Map<string, ServiceDefinition>>();

/** The definition a started service came from, for `useService`. */
export function getServiceDefinition(services: object, name: string): ServiceDefinition | undefined {
  return startedDefinitions.get(services)?.get(name);
}

/** Creates an env: a new bus, no services yet, and `config` (never copied, so later edits are seen). */
export function makeEnv(config: Config = {}): Env {
  return { bus: new EventBus(), services: {} as Env["services"], config };
}

/**
 * Starts every service of `services` (default: `registry.category("services")`) after its
 * dependencies, whatever the order they were registered in; independent services start in
 * parallel. Services registered while start-up runs, or after it, are started too.
 *
 * Rejects with {@link ServiceDependencyError} when a dependency is missing or services depend on
 * each other in a cycle (nothing waits forever), and with {@link ServiceStartError} when a
 * service's `start` fails. Services already started on this env are left as they are.
 */
export function startServices(
  env: Env,
  services: Registry<ServiceDefinition> = registry.category("services"),
): Promise<void> {
  const definitions = startedDefinitions.get(env.services) ?? new Map<string, ServiceDefinition>();
  startedDefinitions.set(env.services, definitions);
  const starting = new Set<string>();
  let initialDone = false;
  startsInProgress.set(env.services, (startsInProgress.get(env.services) ?? 0) + 1);
  const finished = () => startsInProgress.set(env.services, (startsInProgress.get(env.services) ?? 1) - 1);

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

    const pending = () => services.getEntries().filter(([name]) => !(name in env.services));

    const step = () => {
      for (const [name, definition] of pending()) {
        const dependencies = definition.dependencies ?? [];
        if (starting.has(name) || !dependencies.every((dep) => dep in env.services)) {
          continue;
        }
        starting.add(name);
        const deps = Object.fromEntries(dependencies.map((dep) => [dep, env.services[dep]])) as Env["services"];
        Promise.resolve()
          .then(() => definition.start(env, deps))
          .then(
            (value) => {
              env.services[name] = value;
              definitions.set(name, definition);
              starting.delete(name);
              step();
            },
            (error: unknown) => {
              starting.delete(name);
              fail(new ServiceStartError(name, error));
            },
          );
      }
      if (starting.size) {
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

    services.addEventListener("UPDATE", (event) => {
      const { operation } = (event as CustomEvent<RegistryUpdate<ServiceDefinition>>).detail;
      if (operation === "add") {
        // Let the registering code finish (it may add the dependencies next) before looking.
        queueMicrotask(step);
      }
    });
    step();
  });
  started.then(finished, finished);
  return started;
}

/** How many `startServices` calls are running on an env's services (OWL's App copies env, not services). */
const startsInProgress = new WeakMap<object, number>();

/** Whether `startServices` is still running on the env whose services these are. */
export function isStarting(services: object): boolean {
  return (startsInProgress.get(services) ?? 0) > 0;
}

function diagnose(
  waiting: [string, ServiceDefinition][],
  services: Registry<ServiceDefinition>,
  started: Record<string, unknown>,
): { kind: "missing" | "cycle"; error: ServiceDependencyError } | null {
  const names = waiting.map(([name]) => name);
  const missing: string[] = [];
  for (const [name, definition] of waiting) {
    for (const dep of definition.dependencies ?? []) {
      if (!(dep in started) && !services.contains(dep)) {
        missing.push(`"${name}" depends on "${dep}", which is not registered`);
      }
    }
  }
  if (missing.length) {
    return {
      kind: "missing",
      error: new ServiceDependencyError(`Cannot start services: ${missing.join("; ")}`, names),
    };
  }
  const cycle = findCycle(waiting, started);
  if (cycle) {
    return {
      kind: "cycle",
      error: new ServiceDependencyError(
        `Cannot start services: dependency cycle ${cycle.join(" -> ")}`,
        names,
      ),
    };
  }
  return null;
}

/** A dependency path that comes back to its start (`["a", "b", "a"]`), among services not started. */
function findCycle(waiting: [string, ServiceDefinition][], started: Record<string, unknown>): string[] | null {
  const graph = new Map(waiting.map(([name, def]) => [name, (def.dependencies ?? []).filter((d) => !(d in started))]));
  const done = new Set<string>();
  const visit = (name: string, path: string[]): string[] | null => {
    const index = path.indexOf(name);
    if (index >= 0) {
      return [...path.slice(index), name];
    }
    if (done.has(name)) {
      return null;
    }
    for (const dep of graph.get(name) ?? []) {
      const cycle = visit(dep, [...path, name]);
      if (cycle) {
        return cycle;
      }
    }
    done.add(name);
    return null;
  };
  for (const name of graph.keys()) {
    const cycle = visit(name, []);
    if (cycle) {
      return cycle;
    }
  }
  return null;
}
