/** The app shell: header with the user switcher, sign-in or the dashboard, the RPC log, the main components. */
import { Component, onWillStart, onWillDestroy, useState, xml } from "@odoo/owl";
import { MainComponentsContainer, useService } from "owl-services";
import { Dashboard } from "../dashboard/dashboard";
import { OfflineSwitch } from "../offline_switch/offline_switch";
import { RpcLog } from "../rpc_log/rpc_log";
import { SignIn } from "../sign_in/sign_in";
import { DEMO_USERS, type SessionInfo } from "../../session_service";
import "./root.css";

export class Root extends Component {
  static override template = xml`
    <div class="d-shell">
      <header class="d-header">
        <div class="d-brand"><span class="d-logo" aria-hidden="true"/>Sales dashboard <span class="d-muted">owl-services demo</span></div>
        <div t-if="state.user" class="d-user" role="group" aria-label="Signed-in user">
          <!-- Where the outbox indicator shows (theme.css), beside the switch: over no content. -->
          <span class="d-outbox-slot" aria-hidden="true"/>
          <OfflineSwitch/>
          <label for="d-user-switch" class="d-muted">Signed in as</label>
          <select id="d-user-switch" class="d-select" t-on-change="onSwitch">
            <t t-foreach="users" t-as="u" t-key="u.login">
              <option t-att-value="u.login" t-att-selected="u.login === state.user.username"><t t-esc="u.label"/> (<t t-esc="u.role"/>)</option>
            </t>
          </select>
        </div>
        <button t-if="state.user" class="d-btn d-btn-ghost d-sign-out" t-on-click="signOut">Sign out</button>
      </header>
      <main class="d-main" id="main">
        <p t-if="state.unconfirmed" class="d-offline-banner" role="status" data-testid="offline-banner">
          The server cannot be reached. This is <t t-esc="state.user.name"/>'s data as last saved on this device;
          changes wait in the outbox and are applied when the server is back.
        </p>
        <p t-if="!state.ready" class="d-muted d-loading-page">Loading…</p>
        <SignIn t-elif="!state.user"/>
        <Dashboard t-else="" t-key="state.user.uid" user="state.user"/>
        <RpcLog/>
      </main>
      <MainComponentsContainer/>
    </div>`;
  static components = { Dashboard, MainComponentsContainer, OfflineSwitch, RpcLog, SignIn };

  users = DEMO_USERS;
  state!: { ready: boolean; user: SessionInfo | null; unconfirmed: boolean };

  override setup() {
    this.state = useState({ ready: false, user: null as SessionInfo | null, unconfirmed: false });
    const session = useService("dashboard_session");
    this.session = session;
    const sync = () => {
      this.state.user = session.user;
      this.state.unconfirmed = session.unconfirmed;
    };
    session.bus.addEventListener("CHANGED", sync);
    onWillDestroy(() => session.bus.removeEventListener("CHANGED", sync));
    onWillStart(async () => {
      await session.load();
      this.state.ready = true;
    });
  }
  session!: ReturnType<typeof useService<"dashboard_session">>;

  async onSwitch(event: Event) {
    const login = (event.target as HTMLSelectElement).value;
    const user = DEMO_USERS.find((candidate) => candidate.login === login)!;
    await this.session.signIn(user.login, user.password);
  }

  async signOut() {
    await this.session.signOut();
  }
}
