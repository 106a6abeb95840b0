import { App, type ComponentConstructor } from "@odoo/owl";
import { makeEnv, onEnvStop, startServices, stopServices, type Config, type Env } from "./env.js";
import { MainComponentsContainer } from "./components/main_components_container.js";
import { RootBoundary } from "./components/root_boundary.js";

/** OWL's App options, less `env` (made from `config`). */
type AppOptions = Omit<NonNullable<ConstructorParameters<typeof App>[1]>, "env">;

/** `mountComponent`'s options: the env's `config` (or the env), and anything OWL's App takes. */
export interface MountComponentOptions extends AppOptions {
  /** The config of the env mountComponent makes. */
  config?: Config;
  /**
   * The env to start and mount, made by the caller with `makeEnv(config)` (instead of `config`), so
   * that it can be ended whatever happens: `stopServices(env)` destroys the apps mounted on it and
   * stops its services, also after the root failed to start (its failure page goes with them).
   */
  env?: Env;
  /**
   * Mount the main components (notifications, the sign-in dialog…) beside the app, so they show
   * while it starts and if it fails. `false` for an app that puts `<MainComponentsContainer/>` in
   * its own template only. @default true
   */
  mainComponents?: boolean;
}

/**
 * Odoo 17's `mountComponent`: makes an env from `options.config`, starts its services, mounts the
 * main components (notifications, the sign-in dialog) and then an OWL App of `Root` in `target`
 * (which must be in the document). Destroying that App stops the env's services (`stopServices`):
 * timers, pollers, channels, listeners and requests end with it. If the root fails in `setup` or
 * `onWillStart`, it rejects with the error and the page shows it in place of the app (category,
 * message, Details, Reload); the services and notifications stay until `stopServices(env)`, for
 * which the caller passes its own env (`options.env`).
 * @example
 * const app = await mountComponent(Root, document.body, { config: { rpc: { timeout: 10_000 } } });
 * app.destroy(); // the app and its services end together
 * @example
 * const env = makeEnv(config);
 * await mountComponent(Root, document.body, { env }).catch(() => stopServices(env)); // ends all
 */
export async function mountComponent(Root: ComponentConstructor, target: HTMLElement, options: MountComponentOptions = {}): Promise<App> {
  const { config, env: given, mainComponents = true, ...appOptions } = options;
  if (given && config) throw new TypeError("mountComponent: options.config and options.env together (pass one)");
  const env: Env = given ?? makeEnv(config);
  try {
    await startServices(env);
  } catch (error) {
    await stopServices(env).catch(() => undefined);
    throw error;
  }
  // The main components first: a root that waits (a sign-in) or fails is shown to the user.
  const main = mainComponents ? new App(MainComponentsContainer, { ...appOptions, name: "MainComponents", env }) : undefined;
  await main?.mount(target);
  // The root in a boundary: if it fails to start, the page shows why in its place, and the
  // services stay (notifications, the error display).
  let failed!: (error: unknown) => void;
  const rootFailed = new Promise<never>((_, reject) => {
    failed = (error) => {
      // The page shows it: the error display need not show it again if the caller does not catch it.
      (env.services.error_display as { markShown?(error: unknown): void } | undefined)?.markShown?.(error);
      reject(error);
    };
  });
  rootFailed.catch(() => undefined);
  const { props: rootProps = {}, ...rest } = appOptions as AppOptions & { props?: Record<string, unknown> };
  const app = new App(RootBoundary, { ...rest, env, props: { Root, rootProps, failed } });
  const destroy = app.destroy.bind(app);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    destroy();
    main?.destroy();
  };
  // Stopping the env ends its apps; destroying the app stops the env.
  onEnvStop(env, end);
  app.destroy = () => {
    end();
    stopServices(env).catch((error: unknown) => console.error(error));
  };
  // Mounted when the root rendered; a root that failed rejects first (its page is shown meanwhile).
  await Promise.race([app.mount(target, { position: "first-child" }), rootFailed]);
  return app;
}
