import { markup } from "@odoo/owl";
import { UNHANDLED_ERROR } from "../../use_service.js";
import { browser } from "../../browser.js";
import type { Env, ServiceDefinition } from "../../env.js";
import { makeTranslate, type Translate } from "../../translation.js";
import type { NotificationService } from "../notification/notification_service.js";
import {
  errorOwner,
  isConnectionAbortedError,
  isConnectionLostError,
  isInvalidResponseError,
  isRPCError,
  isRPCTimeoutError,
  type RPCError,
  type RPCErrorCategory,
} from "../rpc/errors.js";

/** The title each category of server error is shown with (English message ids). */
export const CATEGORY_TITLES: Record<RPCErrorCategory, string> = {
  access: "Access Error",
  user: "User Error",
  validation: "Validation Error",
  missing: "Missing Record",
  constraint: "Constraint Violation",
  session: "Session Expired",
  method: "Method Not Found",
  server: "Server Error",
};

/** The `error_display` service: shows rpc failures nobody handled. */
export interface ErrorDisplayService {
  /** Shows `error` as the service shows unhandled ones; returns false for errors it does not show. */
  show(error: unknown): boolean;
  /** `error` is shown by other means (the page of a root that could not start): not again when nobody catches it. */
  markShown(error: unknown): void;
}

/** The service as started: `detach` removes what `start` listens to. */
type LiveErrorDisplay = ErrorDisplayService & { detach(): void };

declare module "../../env.js" {
  interface Services {
    error_display: ErrorDisplayService;
  }
}

/**
 * How a server error is told to the user, wherever it is shown (a notification, the page of a root
 * that could not start): its category's title, its message, and the details (exception, route,
 * traceback).
 */
export function serverErrorText(t: Translate, error: RPCError): { title: string; message: string; details: string } {
  const title = t(CATEGORY_TITLES[error.category]);
  // "Session Expired" over Odoo's "Session expired" would say one thing twice: say what to do instead
  // (not "your session has expired" again either).
  const message = error.category === "session" && error.userMessage.toLowerCase() === title.toLowerCase() ? t("Reload the page to sign in again.") : error.userMessage;
  const details = [error.exceptionName, t("Route: {route}", { route: error.route }), error.data?.debug]
    .filter(Boolean)
    .join("\n\n");
  return { title, message, details };
}

function showServerError(notification: NotificationService, t: Translate, error: RPCError): void {
  const { title, message, details } = serverErrorText(t, error);
  const buttons: { name: string; onClick: () => void; primary?: boolean }[] = [];
  if (error.category === "session") {
    buttons.push({ name: t("Reload"), primary: true, onClick: () => browser.reload() });
  }
  let open = false;
  const handle = notification.add(message, {
    title,
    type: "danger",
    sticky: true,
    className: `o_rpc_error o_rpc_error_${error.category}`,
    buttons: [...buttons, { name: t("Details"), onClick: () => toggle() }],
  });
  const copy = { name: t("Copy"), onClick: () => void copyDetails() };
  const toggle = () => {
    open = !open;
    handle.update({
      // The tagged form escapes what it interpolates: the server's text stays text.
      message: open ? markup`<span class="o_notification_text">${message}</span><pre class="o_rpc_error_details" tabindex="0" role="region" aria-label="${t("Error details")}">${details}</pre>` : message,
      buttons: open ? [...buttons, { name: t("Hide details"), onClick: toggle }, copy] : [...buttons, { name: t("Details"), onClick: toggle }],
    });
  };
  const copyDetails = async () => {
    try {
      await browser.writeClipboard(details);
      copy.name = t("Copied");
    } catch {
      copy.name = t("Copy failed");
    }
    handle.update({ buttons: [...buttons, { name: t("Hide details"), onClick: toggle }, copy] });
  };
}

/**
 * Shows, as a sticky danger notification, every rpc error that no caller handled (an unhandled
 * promise rejection): server errors titled by category with the server's message, a "Details"
 * button revealing exception, route and traceback with "Copy", and "Reload" for an expired
 * session; timeouts and invalid replies likewise. An error a caller caught shows nothing.
 * Registered as `error_display`: remove it from `registry.category("services")` before
 * `startServices` to switch it off, or add your own under that name with `{ force: true }`.
 */
export const errorDisplayService: ServiceDefinition<LiveErrorDisplay> = {
  dependencies: ["notification"],
  start(env: Env, deps): LiveErrorDisplay {
    const { notification } = deps;
    const t = makeTranslate(env);
    const shown = new WeakSet<object>();
    const service: ErrorDisplayService = {
      show(error) {
        if (isRPCError(error)) {
          showServerError(notification, t, error);
        } else if (isRPCTimeoutError(error)) {
          notification.add(t("The server did not answer {route} within {seconds} s.", { route: error.route, seconds: error.timeout / 1000 }), {
            title: t("Request Timed Out"),
            type: "danger",
          });
        } else if (isInvalidResponseError(error)) {
          notification.add(error.message, { title: t("Invalid Server Response"), type: "danger", sticky: true });
        } else {
          return false;
        }
        return true;
      },
      markShown(error) {
        if (typeof error === "object" && error !== null) shown.add(error);
      },
    };
    const onRejection = (event: Event) => {
      const { reason } = event as PromiseRejectionEvent;
      // Several apps on a page: an rpc error is its own app's to show; any other, the first
      // display's that takes it (listeners run in start order; one that takes it prevents the default).
      const owner = errorOwner(reason);
      if (owner ? owner !== env.bus : event.defaultPrevented) return;
      // A lost connection has its own notice, an abort was the caller's choice: nothing to add.
      // What is shown to the user need not be reported on the console again either.
      if ((typeof reason === "object" && reason !== null && shown.has(reason)) || isConnectionLostError(reason) || isConnectionAbortedError(reason) || service.show(reason)) {
        event.preventDefault();
      }
    };
    browser.addEventListener("unhandledrejection", onRejection);
    // A failure after its component was destroyed: nobody can handle it, so it is shown as unhandled.
    const onLateFailure = (event: Event) => {
      const { error } = (event as CustomEvent<{ error: unknown }>).detail;
      if (!isConnectionLostError(error) && !isConnectionAbortedError(error) && !service.show(error)) console.error(error);
    };
    env.bus.addEventListener(UNHANDLED_ERROR, onLateFailure);
    return Object.assign(service, {
      detach() {
        browser.removeEventListener("unhandledrejection", onRejection);
        env.bus.removeEventListener(UNHANDLED_ERROR, onLateFailure);
      },
    });
  },
  stop(service) {
    service.detach();
  },
};
