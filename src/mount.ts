import { App, type ComponentConstructor } from "@odoo/owl";
import { makeEnv, startServices, stopServices, type Config, type Env } from "./env.js";

/** OWL's App options, less `env` (made from `config`). */
type AppOptions = Omit<NonNullable<ConstructorParameters<typeof App>[1]>, "env">;

/** `mountComponent`'s options: the env's `config`, and anything OWL's App takes. */
export interface MountComponentOptions extends AppOptions {
  config?: Config;
}

/**
 * Odoo 17's `mountComponent`: makes an env from `options.config`, starts its services, and mounts
 * an OWL App of `Root` in `target` (which must be in the document). Destroying that App stops the
 * env's services (`stopServices`): timers, pollers, channels, listeners and requests end with it.
 * @example
 * const app = await mountComponent(Root, document.body, { config: { rpc: { timeout: 10_000 } } });
 * app.destroy(); // the app and its services end together
 */
export async function mountComponent(Root: ComponentConstructor, target: HTMLElement, options: MountComponentOptions = {}): Promise<App> {
  const { config, ...appOptions } = options;
  const env: Env = makeEnv(config);
  try {
    await startServices(env);
  } catch (error) {
    await stopServices(env).catch(() => undefined);
    throw error;
  }
  const app = new App(Root, { ...appOptions, env });
  const destroy = app.destroy.bind(app);
  app.destroy = () => {
    destroy();
    stopServices(env).catch((error: unknown) => console.error(error));
  };
  try {
    await app.mount(target);
  } catch (error) {
    app.destroy();
    throw error;
  }
  return app;
}
