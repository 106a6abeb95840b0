import { EventBus } from "@odoo/owl";
import { type Registry } from "./registry.js";
export { ServiceDependencyError } from "./service_dependencies.js";
/**
 * The started services, by name. Each service module adds its own entry; add yours by
 * declaration merging so `useService("yours")` is typed:
 * @example
 * declare module "owl-services" {
 *   interface Services { clock: { now(): Date } }
 * }
 */
export interface Services {
}
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
export declare class ServiceStartError extends Error {
    readonly service: string;
    name: "ServiceStartError";
    constructor(service: string, cause: unknown);
}
/** The definition a started service came from, for `useService`. */
export declare function getServiceDefinition(env: Env, name: string): ServiceDefinition | undefined;
/** Whether `startServices` is still running on `env`. */
export declare function isStarting(env: Env): boolean;
/** Runs `hook` when `env` stops, before its services stop (what was mounted on it); at once if it has. */
export declare function onEnvStop(env: Env, hook: () => void): void;
/** Creates an env: a new bus, no services yet, and `config` (never copied, so later edits are seen). */
export declare function makeEnv(config?: Config): Env;
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
export declare function startServices(env: Env, services?: Registry<ServiceDefinition>): Promise<void>;
/** Thrown by `stopServices` when services' `stop` failed; every other service was stopped all the same. */
export declare class ServiceStopError extends Error {
    readonly failures: {
        service: string;
        error: unknown;
    }[];
    name: "ServiceStopError";
    constructor(failures: {
        service: string;
        error: unknown;
    }[]);
}
/**
 * Stops the env's services, dependents before their dependencies (the reverse of start-up), each
 * once: a service definition's `stop(service, env)` clears its timers, pollers, channels and
 * listeners and aborts its requests. Idempotent: a second call returns the first's promise. Late
 * registrations are no longer started. Rejects with {@link ServiceStopError} if a `stop` failed.
 */
export declare function stopServices(env: Env): Promise<void>;
