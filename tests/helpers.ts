import { App, Component, xml, type ComponentConstructor } from "@odoo/owl";
import { MainComponentsContainer } from "../src/components/main_components_container";
import { afterEach, vi } from "vitest";
import { browser } from "../src/browser";
import { makeEnv, startServices, type Config, type Env, type ServiceDefinition } from "../src/env";
import { Registry } from "../src/registry";

// Captured before any test installs fake timers: OWL renders on happy-dom's frames, which do not
// depend on the (possibly faked) global timers, and waiting for them must not either.
const realSetImmediate = globalThis.setImmediate;
const realSetTimeout = globalThis.setTimeout;
const realRequestAnimationFrame = globalThis.requestAnimationFrame.bind(globalThis);

/** Points happy-dom's page at `url`, so relative routes (`/web/…`) reach a test server on its origin. */
export function setPageURL(url: string): void {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);
}

/** Resolves after OWL has had a frame to render, and the microtasks after it. */
export async function nextRender(frames = 2): Promise<void> {
  for (let i = 0; i < frames; i++) {
    await new Promise<void>((resolve) => realRequestAnimationFrame(() => resolve()));
    await new Promise<void>((resolve) => realSetImmediate(resolve));
  }
}

/**
 * Lets what is already under way run to its end: promise reactions, zero-delay timers and turns of
 * the event loop. Not a duration: once an event a test awaited has fired (a server's answer, a
 * call's RPC:RESPONSE), whatever it sets off without I/O has happened when this resolves, on a quiet
 * machine or a loaded one. Use it before asserting that something did not happen.
 */
export async function settle(): Promise<void> {
  for (let turn = 0; turn < 3; turn++) {
    await new Promise<void>((resolve) => realSetTimeout(resolve, 0));
    await new Promise<void>((resolve) => realSetImmediate(resolve));
  }
}

/**
 * Watches the library's timers (`browser.setTimeout`) from now on, still running them: `delays`
 * lists what was armed, and `fire(delay)` runs now the last callback armed with `delay`, as if its
 * time had come. For a test where one timer is the point (a timeout, a countdown): give it a delay
 * no other timer has, and fire it when the test is ready, not when a busy machine gets to it.
 * Undone by `vi.restoreAllMocks()`.
 */
export function watchTimers(): { delays: number[]; fire(delay: number): void } {
  const armed = new Map<number, () => void>();
  const delays: number[] = [];
  const set = browser.setTimeout.bind(browser);
  vi.spyOn(browser, "setTimeout").mockImplementation((callback, delay) => {
    delays.push(delay);
    armed.set(delay, callback);
    return set(callback, delay);
  });
  return {
    delays,
    fire(delay) {
      const callback = armed.get(delay);
      if (!callback) throw new Error(`no timer of ${delay} ms was armed`);
      callback();
    },
  };
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function makeDeferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A services registry of its own, so a test never touches the global one. */
export function makeServiceRegistry(services: Record<string, ServiceDefinition> = {}): Registry<ServiceDefinition> {
  const reg = new Registry<ServiceDefinition>("services");
  for (const [name, definition] of Object.entries(services)) {
    reg.add(name, definition);
  }
  return reg;
}

/** An env whose `services` were started from `services` (default: the global services category). */
export async function makeTestEnv(config: Config = {}, services?: Registry<ServiceDefinition>): Promise<Env> {
  const env = makeEnv(config);
  await startServices(env, services);
  return env;
}

const apps = new Set<App>();
afterEach(() => {
  for (const app of apps) {
    app.destroy();
  }
  apps.clear();
  document.body.innerHTML = "";
});

/** Mounts `Component` in an attached target with `env`; destroyed after the test. */
export async function mountWithServices<C extends ComponentConstructor>(
  Component: C,
  env: Env,
  props: Record<string, unknown> = {},
  appConfig: { translateFn?: (text: string, context: string) => string } = {},
): Promise<{ app: App; component: InstanceType<C>; target: HTMLElement }> {
  const target = document.createElement("div");
  document.body.appendChild(target);
  const app = new App(Component, { env, props, test: true, warnIfNoStaticProps: false, ...appConfig });
  apps.add(app);
  const component = (await app.mount(target)) as InstanceType<C>;
  return { app, component, target };
}

/** A root that shows the main components, as an app's root template does. */
export class MainRoot extends Component {
  static override template = xml`<div class="o_test_root"><MainComponentsContainer/></div>`;
  static components = { MainComponentsContainer };
}

export { startJsonRpcServer } from "./json_rpc_server";
export type { JsonRpcServer, Reply, Handler } from "./json_rpc_server";
