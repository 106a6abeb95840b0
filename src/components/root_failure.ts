/**
 * What `mountComponent` shows in place of an app whose root failed in `setup` or `onWillStart`:
 * what went wrong (the error's category and message), Details with the traceback, and Reload.
 */
import { Component, useState } from "@odoo/owl";
import { useTranslate, type Translate } from "../translation.js";
import { template } from "../templates.js";
import * as compiled from "../templates.compiled.js";
import { browser } from "../browser.js";
import { RPCError } from "../services/rpc/errors.js";
import { serverErrorText } from "../services/error_display/error_display_service.js";

/** The error under OWL's wrapper ("The following error occurred in onWillStart: …" has it as `cause`). */
export function rootCause(error: unknown): unknown {
  let current = error;
  const wrapped = (error: unknown): error is Error =>
    error instanceof Error && error.cause !== undefined && /^(The following error occurred in|An error occured in the owl lifecycle)/.test(error.message);
  for (let depth = 0; depth < 5 && wrapped(current); depth++) current = current.cause;
  return current;
}

export class RootFailure extends Component<{ error: unknown }> {
  static override template = template("owl_services.RootFailure", compiled.owl_services_RootFailure);
  static override props = ["error"];

  state!: { details: boolean };
  private t!: Translate;

  override setup() {
    this.state = useState({ details: false });
    this.t = useTranslate();
  }

  /** Title, message and details: a server error's as the error display tells it, else the error's own. */
  get text(): { title: string; message: string; details: string } {
    const cause = rootCause(this.props.error);
    if (cause instanceof RPCError) return serverErrorText(this.t, cause);
    const message = cause instanceof Error ? cause.message : String(cause);
    const details = cause instanceof Error ? (cause.stack ?? `${cause.name}: ${cause.message}`) : String(cause);
    return { title: this.t("The app could not start"), message, details };
  }

  get labels() {
    const { t } = this;
    return { reload: t("Reload"), details: this.state.details ? t("Hide details") : t("Details"), region: t("Error details") };
  }

  reload() {
    browser.reload();
  }
}
