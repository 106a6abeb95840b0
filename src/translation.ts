import { useComponent } from "@odoo/owl";
import type { Env } from "./env.js";

/** Translates one English message id; `values` fill its `{name}` placeholders after translation. */
export type Translate = (text: string, values?: Record<string, string | number>) => string;

type AppTranslateFn = (text: string, context: string) => string;

/**
 * Every text the library shows by itself, as its English message id. Translate these with the
 * OWL app's `translateFn` or `config.translate`; `{name}` placeholders are filled in afterwards.
 */
export const MESSAGE_IDS = [
  "Notifications",
  "Close notification",
  "Shown {count} times",
  "{count} more waiting",
  "Loading…",
  "Loading… ({count})",
  "Connection lost. Trying to reconnect…",
  "Connection lost. Trying to reconnect in {seconds} s…",
  "Retry now",
  "Connection restored",
  "Access Error",
  "User Error",
  "Validation Error",
  "Missing Record",
  "Constraint Violation",
  "Session Expired",
  "Reload the page to sign in again.",
  "Method Not Found",
  "Server Error",
  "Details",
  "Hide details",
  "Error details",
  "Copy",
  "Copied",
  "Copy failed",
  "Reload",
  "Route: {route}",
  "Request Timed Out",
  "The server did not answer {route} within {seconds} s.",
  "Invalid Server Response",
  "1 change waiting",
  "{count} changes waiting",
  "Saving {current} of {total}…",
  "1 change failed",
  "{count} changes failed",
  "1 change saved",
  "{count} changes saved",
  "Changes waiting to be saved",
  "Retry",
  "Keep mine",
  "Discard",
  "waiting",
  "sending",
  "failed",
  "Create {model}",
  "Edit {model}{record}",
  "Delete {model}{record}",
  "Sign in again",
  "{name}, your session has ended. Sign in to go on: nothing on this page is lost.",
  "The server asks you to sign in. Nothing on this page is lost.",
  "Login",
  "Password",
  "Signing in…",
  "Sign in",
  "Not now",
  "The app could not start",
] as const;

export type MessageId = (typeof MESSAGE_IDS)[number];

/** The `translateFn` of the OWL app that shows an env's components, by the env's services object. */
const appTranslators = new WeakMap<object, AppTranslateFn>();

/** Remembers the app's `translateFn` for the services of `env` (done by `MainComponentsContainer`). */
export function setAppTranslate(env: Pick<Env, "services">, translateFn: AppTranslateFn | undefined): void {
  if (translateFn) {
    appTranslators.set(env.services, translateFn);
  }
}

function interpolate(text: string, values?: Record<string, string | number>): string {
  if (!values) {
    return text;
  }
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

/**
 * The translation function of an env: the OWL app's `translateFn` (once an app shows the env's
 * main components), else `config.translate`, else English. Looked up at each call, so texts made
 * after the app mounts are translated. A translator that throws, or returns the id itself or
 * something that is not a non-empty string, passes to the next one.
 */
export function makeTranslate(env: Pick<Env, "config" | "services">, appTranslate?: AppTranslateFn): Translate {
  return (text, values) => {
    const app = appTranslate ?? appTranslators.get(env.services);
    const translators = [app && ((s: string) => app(s, "")), env.config.translate];
    for (const translator of translators) {
      if (!translator) continue;
      try {
        const translated = translator(text);
        if (typeof translated === "string" && translated && translated !== text) {
          return interpolate(translated, values);
        }
      } catch {
        // A broken translator must not hide the message: the next one, or English.
      }
    }
    return interpolate(text, values);
  };
}

/** In a component's `setup()`: translates with the OWL app's `translateFn`, then `config.translate`, then English. */
export function useTranslate(): Translate {
  const component = useComponent();
  return makeTranslate(component.env as Env, component.__owl__.app.translateFn);
}
