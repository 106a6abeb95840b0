/** Sign-in with Odoo's /web/session/authenticate; a wrong password is shown in the form (a caught error). */
import { Component, useState, xml } from "@odoo/owl";
import { isRPCError, useService } from "owl-services";
import { DATABASE, DEMO_USERS } from "../../session_service";
import "./sign_in.css";

export class SignIn extends Component {
  static override template = xml`
    <section class="d-card d-signin" aria-labelledby="d-signin-title">
      <h1 id="d-signin-title">Sign in</h1>
      <p class="d-muted">Database <code t-esc="database"/> on the demo server (Odoo 17 JSON-RPC).</p>
      <form class="d-signin-form" t-on-submit.prevent="submit" novalidate="">
        <label class="d-field"><span>Login</span>
          <input class="d-input" name="login" autocomplete="username" t-model="state.login" required=""/>
        </label>
        <label class="d-field"><span>Password</span>
          <input class="d-input" name="password" type="password" autocomplete="current-password" t-model="state.password" required=""
                 t-att-aria-invalid="state.error ? 'true' : 'false'" aria-describedby="d-signin-error"/>
        </label>
        <p id="d-signin-error" class="d-error-text" role="alert"><t t-esc="state.error"/></p>
        <button class="d-btn d-btn-primary" type="submit" t-att-disabled="state.busy">Sign in</button>
      </form>
      <div class="d-signin-quick">
        <p class="d-muted">Or, as one of the demo users:</p>
        <t t-foreach="users" t-as="user" t-key="user.login">
          <button class="d-btn" t-on-click="() => this.quick(user.login, user.password)" t-att-disabled="state.busy">
            <t t-esc="user.label"/> <span class="d-muted">· <t t-esc="user.role"/> (<t t-esc="user.login"/> / <t t-esc="user.password"/>)</span>
          </button>
        </t>
      </div>
    </section>`;

  database = DATABASE;
  users = DEMO_USERS;
  state = useState({ login: "", password: "", error: "", busy: false });
  session!: ReturnType<typeof useService<"dashboard_session">>;

  override setup() {
    this.session = useService("dashboard_session");
  }

  async submit() {
    if (!this.state.login || !this.state.password) {
      this.state.error = "Enter a login and a password.";
      return;
    }
    await this.signIn(this.state.login, this.state.password);
  }

  quick(login: string, password: string) {
    this.state.login = login;
    this.state.password = password;
    return this.signIn(login, password);
  }

  private async signIn(login: string, password: string) {
    this.state.busy = true;
    this.state.error = "";
    try {
      await this.session.signIn(login, password);
    } catch (error) {
      // Caught on purpose: a wrong password belongs in the form, not in a notification.
      if (isRPCError(error) && error.category === "access") this.state.error = `${error.userMessage}: wrong login or password.`;
      else throw error;
    } finally {
      this.state.busy = false;
    }
  }
}
