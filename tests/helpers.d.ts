import { App, Component, type ComponentConstructor } from "@odoo/owl";
import { MainComponentsContainer } from "../src/components/main_components_container";
import { type Config, type Env, type ServiceDefinition } from "../src/env";
import { Registry } from "../src/registry";
/** Points happy-dom's page at `url`, so relative routes (`/web/…`) reach a test server on its origin. */
export declare function setPageURL(url: string): void;
/** Resolves after OWL has had a frame to render, and the microtasks after it. */
export declare function nextRender(frames?: number): Promise<void>;
/**
 * Lets what is already under way run to its end: promise reactions, zero-delay timers and turns of
 * the event loop. Not a duration: once an event a test awaited has fired (a server's answer, a
 * call's RPC:RESPONSE), whatever it sets off without I/O has happened when this resolves, on a quiet
 * machine or a loaded one. Use it before asserting that something did not happen.
 */
export declare function settle(): Promise<void>;
/**
 * Watches the library's timers (`browser.setTimeout`) from now on, still running them: `delays`
 * lists what was armed, and `fire(delay)` runs now the last callback armed with `delay`, as if its
 * time had come. For a test where one timer is the point (a timeout, a countdown): give it a delay
 * no other timer has, and fire it when the test is ready, not when a busy machine gets to it.
 * Undone by `vi.restoreAllMocks()`.
 */
export declare function watchTimers(): {
    delays: number[];
    fire(delay: number): void;
};
export interface Deferred<T> {
    promise: Promise<T>;
    resolve(value: T): void;
    reject(error: unknown): void;
}
export declare function makeDeferred<T = void>(): Deferred<T>;
/** A services registry of its own, so a test never touches the global one. */
export declare function makeServiceRegistry(services?: Record<string, ServiceDefinition>): Registry<ServiceDefinition>;
/** An env whose `services` were started from `services` (default: the global services category). */
export declare function makeTestEnv(config?: Config, services?: Registry<ServiceDefinition>): Promise<Env>;
/** Mounts `Component` in an attached target with `env`; destroyed after the test. */
export declare function mountWithServices<C extends ComponentConstructor>(Component: C, env: Env, props?: Record<string, unknown>, appConfig?: {
    translateFn?: (text: string, context: string) => string;
}): Promise<{
    app: App;
    component: InstanceType<C>;
    target: HTMLElement;
}>;
/** A root that shows the main components, as an app's root template does. */
export declare class MainRoot extends Component {
    static template: string;
    static components: {
        MainComponentsContainer: typeof MainComponentsContainer;
    };
}
export { startJsonRpcServer } from "./json_rpc_server";
export type { JsonRpcServer, Reply, Handler } from "./json_rpc_server";
