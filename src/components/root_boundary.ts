/**
 * The component `mountComponent` mounts: the app's root, or, once the root failed in `setup` or
 * `onWillStart`, the failure page in its place (root_failure.ts: in the bundle, not fetched then,
 * as the failure may be a lost network). OWL counts the error as handled, so it neither destroys
 * the app nor reports it twice; `failed` tells mountComponent.
 */
import { Component, markRaw, onError, useState, type ComponentConstructor } from "@odoo/owl";
import { template } from "../templates.js";
import * as compiled from "../templates.compiled.js";
import { RootFailure } from "./root_failure.js";

export interface RootBoundaryProps {
  Root: ComponentConstructor;
  rootProps: Record<string, unknown>;
  failed(error: unknown): void;
}

export class RootBoundary extends Component<RootBoundaryProps> {
  static override template = template("owl_services.RootBoundary", compiled.owl_services_RootBoundary);
  static override props = ["Root", "rootProps", "failed"];
  static components = { RootFailure };

  state!: { failure: { error: unknown } | undefined };

  override setup() {
    this.state = useState({ failure: undefined });
    onError((error) => {
      this.props.failed(error);
      this.state.failure = markRaw({ error });
    });
  }
}
