/**
 * What `mountComponent` shows in place of an app whose root failed in `setup` or `onWillStart`:
 * what went wrong (the error's category and message), Details with the traceback, and Reload.
 */
import { Component, useState } from "@odoo/owl";
import type { Translate } from "../translation.js";
import { template } from "../templates.js";
import * as compiled from "../templates.compiled.js";
import { browser } from "../browser.js";
import { RPCError } from "../services/rpc/errors.js";
import { CATEGORY_TITLES } from "../services/error_display/error_display_service.js";

/** The error under OWL's wrapper ("The following error occurred in onWillStart: …" has it as `cause`). */
export function rootCause(error: unknown): unknown {
  let current = error;
  const wrapped = (error: unknown): error is Error =>
    error instanceof Error && error.cause !== undefined && /^(The following error occurred in|An error occured in the owl lifecycle)/.test(error.message);
  for (let depth = 0; depth < 5 && wrapped(current); depth++) current = current.cause;
  return current;
}

/** `t`: the app's translations, given by the boundary. */
export class RootFailure extends Component<{ error: unknown; t: Translate }> {
  static override template = template("owl_services.RootFailure", compiled.owl_services_RootFailure);
  static override props = ["error", "t"];

  state!: { details: boolean };

  override setup() {
    this.state = useState({ details: false });
  }

  private get t(): Translate {
    return this.props.t;
  }

  get cause(): unknown {
    return rootCause(this.props.error);
  }

  get title(): string {
    const { cause } = this;
    return cause instanceof RPCError ? this.t(CATEGORY_TITLES[cause.category]) : this.t("The app could not start");
  }

  get message(): string {
    const { cause } = this;
    // "Session Expired" over "Session expired" would say one thing twice: say what to do instead.
    if (cause instanceof RPCError && cause.category === "session" && cause.userMessage.toLowerCase() === this.title.toLowerCase()) {
      return this.t("Your session has expired. Reload the page to sign in again.");
    }
    if (cause instanceof RPCError) return cause.userMessage;
    return cause instanceof Error ? cause.message : String(cause);
  }

  get details(): string {
    const { cause } = this;
    if (cause instanceof RPCError) return [cause.exceptionName, this.t("Route: {route}", { route: cause.route }), cause.data?.debug].filter(Boolean).join("\n\n");
    return cause instanceof Error ? (cause.stack ?? `${cause.name}: ${cause.message}`) : String(cause);
  }

  get labels() {
    const { t } = this;
    return { reload: t("Reload"), details: this.state.details ? t("Hide details") : t("Details"), region: t("Error details") };
  }

  reload() {
    browser.reload();
  }
}
