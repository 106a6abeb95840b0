/**
 * "What can go wrong": one action per cause of the RPC error guide, each answered by the real
 * server. Nothing is caught here (but in the last card): the error display shows each failure,
 * titled by why the server refused, with the server's traceback under Details.
 */
import { Component, useState, xml } from "@odoo/owl";
import { isRPCError, useService } from "owl-services";
import { DEMO_USERS, type SessionInfo } from "../../session_service";
import { CAUSES, type Cause } from "./causes";
import "./failure_lab.css";

export class FailureLab extends Component<{ user: SessionInfo }> {
  static override template = xml`
    <section class="d-lab" aria-labelledby="d-lab-title">
      <div class="d-section-head">
        <h2 id="d-lab-title">What can go wrong</h2>
        <p class="d-muted">Each button makes the real server fail for one reason. Watch the notification, open its Details, and follow the call in the RPC log.</p>
      </div>
      <div class="d-lab-grid">
        <article t-foreach="causes" t-as="cause" t-key="cause.id" class="d-card d-cause" t-att-data-cause="cause.id">
          <p class="d-cause-kicker" t-esc="cause.kicker"/>
          <h3 t-esc="cause.title"/>
          <p class="d-cause-text" t-esc="cause.text"/>
          <p class="d-cause-expect"><span class="d-muted">You will see:</span> <t t-esc="cause.expect"/></p>
          <div class="d-cause-actions">
            <t t-if="cause.needsSalesperson and props.user.is_admin">
              <button class="d-btn" t-on-click="switchToSalesperson" t-att-data-action="cause.id">Sign in as Marc Demo (salesperson) to try</button>
            </t>
            <t t-else="">
              <t t-foreach="cause.actions" t-as="action" t-key="action.label">
                <button class="d-btn" t-att-class="{ 'd-btn-primary': action_first }" t-att-disabled="state.busy[action.id]" t-att-data-action="action.id"
                        t-on-click="() => this.run(action.id, action.run)">
                  <t t-esc="action.label"/>
                </button>
              </t>
            </t>
          </div>
          <p t-if="state.notes[cause.id]" class="d-cause-note" role="status" data-testid="cause-note" t-esc="state.notes[cause.id]"/>
        </article>
      </div>
    </section>`;

  causes: Cause[] = CAUSES;
  state = useState({ busy: {} as Record<string, boolean>, notes: {} as Record<string, string> });
  services!: Parameters<Cause["actions"][number]["run"]>[0];

  override setup() {
    this.services = {
      orm: useService("orm"),
      rpc: useService("rpc"),
      session: useService("dashboard_session"),
      bus: this.env.bus,
      note: (cause: string, text: string) => {
        this.state.notes[cause] = text;
      },
      isRPCError,
    };
  }

  async run(id: string, action: Cause["actions"][number]["run"]) {
    this.state.busy[id] = true;
    try {
      await action(this.services);
    } finally {
      this.state.busy[id] = false;
    }
  }

  async switchToSalesperson() {
    const sales = DEMO_USERS.find((user) => user.login === "sales")!;
    await this.services.session.signIn(sales.login, sales.password);
  }
}
