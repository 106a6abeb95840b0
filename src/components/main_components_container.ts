import { Component, onError, onWillDestroy, useState, type ComponentConstructor } from "@odoo/owl";
import { template } from "../templates.js";
import * as compiled from "../templates.compiled.js";
import type { Env } from "../env.js";
import { registry, type Registry } from "../registry.js";
import { setAppTranslate } from "../translation.js";

/** An entry of `registry.category("main_components")`: a component the app always shows. */
export interface MainComponentEntry {
  // OWL's own constructor type: any component, whatever its props.
  Component: ComponentConstructor;
  props?: Record<string, unknown>;
}

declare module "../registry.js" {
  interface RegistryCategories {
    main_components: MainComponentEntry;
  }
}

/** Catches what its content throws, so one failing main component leaves the others alive. */
class ErrorBoundary extends Component<{ onError: (error: unknown) => void }> {
  static override template = template("owl_services.ErrorBoundary", compiled.owl_services_ErrorBoundary);
  static override props = ["onError", "slots"];

  override setup() {
    onError((error) => this.props.onError(error));
  }
}

/** The container that renders for each env (by its services object): the first one mounted. */
const rendering = new WeakMap<object, MainComponentsContainer>();

/**
 * Renders every component of `registry.category("main_components")` with its props, in
 * sequence order, and follows that category as entries are added or removed. `mountComponent`
 * mounts one beside the app (so they live while the app starts, or when it fails); an app mounted
 * otherwise puts it once in its root template: `<MainComponentsContainer/>`. One container per
 * env renders: a second one (a root template's, under `mountComponent`) stays empty. A main
 * component that crashes is removed and reported on the console; the others stay.
 */
export class MainComponentsContainer extends Component {
  static override template = template("owl_services.MainComponentsContainer", compiled.owl_services_MainComponentsContainer);
  static components = { ErrorBoundary };
  static override props = {};

  private readonly mainComponents: Registry<MainComponentEntry> = registry.category("main_components");
  private readonly crashed = new Set<string>();
  state!: { entries: [string, MainComponentEntry][] };

  /** Whether this container is the one of its env that renders. */
  active = true;

  override setup() {
    const services = (this.env as Env).services;
    this.active = !rendering.has(services);
    if (this.active) {
      rendering.set(services, this);
      onWillDestroy(() => rendering.delete(services));
    }
    this.state = useState({ entries: [] });
    // Services (connection notices, error titles) translate with the app that shows them.
    setAppTranslate(this.env as Env, this.__owl__.app.translateFn);
    const refresh = () => this.refresh();
    refresh();
    this.mainComponents.addEventListener("UPDATE", refresh);
    onWillDestroy(() => this.mainComponents.removeEventListener("UPDATE", refresh));
  }

  private refresh() {
    this.state.entries = this.mainComponents.getEntries().filter(([key]) => !this.crashed.has(key));
  }

  onComponentError(key: string, error: unknown) {
    this.crashed.add(key);
    console.error(`Main component "${key}" crashed and was removed`, error);
    this.refresh();
  }
}
