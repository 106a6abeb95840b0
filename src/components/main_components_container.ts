import { Component, onError, onWillDestroy, useState, xml, type ComponentConstructor } from "@odoo/owl";
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
  static override template = xml`<t t-slot="default"/>`;
  static override props = ["onError", "slots"];

  override setup() {
    onError((error) => this.props.onError(error));
  }
}

/**
 * Renders every component of `registry.category("main_components")` with its props, in
 * sequence order, and follows that category as entries are added or removed. Put it once in the
 * root template: `<MainComponentsContainer/>`. A main component that crashes is removed and
 * reported on the console; the others stay.
 */
export class MainComponentsContainer extends Component {
  static override template = xml`
    <div class="o-main-components-container">
      <t t-foreach="state.entries" t-as="entry" t-key="entry[0]">
        <ErrorBoundary onError="(error) => this.onComponentError(entry[0], error)">
          <t t-component="entry[1].Component" t-props="entry[1].props or {}"/>
        </ErrorBoundary>
      </t>
    </div>`;
  static components = { ErrorBoundary };
  static override props = {};

  private readonly mainComponents: Registry<MainComponentEntry> = registry.category("main_components");
  private readonly crashed = new Set<string>();
  state!: { entries: [string, MainComponentEntry][] };

  override setup() {
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
