/**
 * One dashboard widget's boundary: a widget that cannot load (its onWillStart threw: no saved
 * answer while the server is away, a server error) fails alone, in its place, with its reason and
 * a Retry that mounts it again. The rest of the page shows; it is never blank.
 */
import { Component, onError, useState, xml } from "@odoo/owl";
import { isConnectionLostError, isRPCError } from "owl-services";
import "./widget_boundary.css";

/** Why the widget could not load, in the user's words. */
function reason(error: unknown): string {
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  if (isConnectionLostError(cause)) return "the server cannot be reached and this device has no saved answer. Retry once it is back.";
  if (isRPCError(cause)) return cause.userMessage;
  return cause instanceof Error ? cause.message : String(cause);
}

export class WidgetBoundary extends Component<{ label: string; slots: unknown }> {
  static override template = xml`
    <section t-if="state.failure" class="d-card d-widget-failure" t-att-aria-label="props.label" data-testid="widget-failure">
      <p role="alert" t-esc="state.failure"/>
      <button class="d-btn d-btn-sm" t-on-click="retry">Retry</button>
    </section>
    <t t-else="" t-foreach="[state.attempt]" t-as="attempt" t-key="attempt"><t t-slot="default"/></t>`;
  static override props = ["label", "slots"];

  state = useState({ failure: "", attempt: 0 });

  override setup() {
    onError((error) => {
      console.error(`The ${this.props.label} widget could not load`, error);
      this.state.failure = `Could not load the ${this.props.label.toLowerCase()}: ${reason(error)}`;
    });
  }

  retry() {
    this.state.failure = "";
    this.state.attempt++;
  }
}
