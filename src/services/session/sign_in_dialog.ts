/**
 * The sign-in dialog (a main component): shown while calls wait for a sign-in after a session
 * error (sign_in_gate.ts), as a modal `<dialog>` (focus kept inside, Escape dismisses it). Signing in
 * again as the same user sends those calls again; nothing on the page is reloaded or lost.
 */
import { Component, onMounted, onPatched, onWillDestroy, useRef, useState } from "@odoo/owl";
import { template } from "../../templates.js";
import * as compiled from "../../templates.compiled.js";
import type { Env } from "../../env.js";
import { useTranslate, type Translate } from "../../translation.js";
import { RPCError } from "../rpc/errors.js";
import { signInGateOf, type SessionService } from "./session_service.js";
import type { SignInGate, SignInState } from "./sign_in_gate.js";

let nextId = 0;

export class SignInDialog extends Component {
  static override template = template("owl_services.SignInDialog", compiled.owl_services_SignInDialog);
  static override props = {};

  gate: SignInState = { open: false, login: "", name: "", db: "", waiting: 0 };
  state!: { login: string; password: string; error: string; busy: boolean };
  readonly titleId = `o_sign_in_title_${++nextId}`;
  private t!: Translate;
  private signIn: SignInGate | undefined;
  private session: SessionService | undefined;
  private readonly dialog = useRef("dialog");

  override setup() {
    this.t = useTranslate();
    this.state = useState({ login: "", password: "", error: "", busy: false });
    // The service itself (not useService's copy): the gate is kept by it.
    this.session = (this.env as Env).services.session as SessionService | undefined;
    this.signIn = this.session && signInGateOf(this.session);
    if (this.signIn) {
      this.gate = useState(this.signIn.state);
      onWillDestroy(this.signIn.attach());
    }
    const show = () => {
      const dialog = this.dialog.el as HTMLDialogElement | null;
      if (!dialog || dialog.open) return;
      this.state.login = this.gate.login;
      this.state.password = "";
      this.state.error = "";
      if (typeof dialog.showModal === "function") dialog.showModal();
      else dialog.setAttribute("open", "");
      (dialog.querySelector(this.gate.login ? "input[type=password]" : "input") as HTMLInputElement | null)?.focus();
    };
    onMounted(show);
    onPatched(show);
  }

  get labels() {
    const { t } = this;
    // Someone whose session ended is named; to someone never signed in here, nothing "ended".
    const { login, name } = this.gate;
    return {
      title: login ? t("Sign in again") : t("Sign in"),
      explain: login
        ? t("{name}, your session has ended. Sign in to go on: nothing on this page is lost.", { name: name || login })
        : t("The server asks you to sign in. Nothing on this page is lost."),
      login: t("Login"),
      password: t("Password"),
      submit: this.state.busy ? t("Signing in…") : t("Sign in"),
      dismiss: t("Not now"),
    };
  }

  async submit(ev: Event) {
    ev.preventDefault();
    if (this.state.busy || !this.session) return;
    this.state.busy = true;
    this.state.error = "";
    try {
      // The expired session's database: the app may have signed in with authenticate({ db }) alone.
      const { db } = this.gate;
      await this.session.authenticate({ ...(db && { db }), login: this.state.login, password: this.state.password });
    } catch (error) {
      this.state.error = error instanceof RPCError ? error.userMessage : error instanceof Error ? error.message : String(error);
    } finally {
      this.state.busy = false;
      this.state.password = "";
    }
  }

  /** "Not now" or Escape: the waiting calls fail with their session error. */
  dismiss(ev?: Event) {
    ev?.preventDefault();
    this.signIn?.dismiss();
  }
}
