import type { Env } from "./env.js";
/** Translates one English message id; `values` fill its `{name}` placeholders after translation. */
export type Translate = (text: string, values?: Record<string, string | number>) => string;
type AppTranslateFn = (text: string, context: string) => string;
/**
 * Every text the library shows by itself, as its English message id. Translate these with the
 * OWL app's `translateFn` or `config.translate`; `{name}` placeholders are filled in afterwards.
 */
export declare const MESSAGE_IDS: readonly ["Notifications", "Close notification", "Shown {count} times", "{count} more waiting", "Loading…", "Loading… ({count})", "Connection lost. Trying to reconnect…", "Connection lost. Trying to reconnect in {seconds} s…", "Retry now", "Connection restored", "Access Error", "User Error", "Validation Error", "Missing Record", "Constraint Violation", "Session Expired", "Reload the page to sign in again.", "Method Not Found", "Server Error", "Details", "Hide details", "Error details", "Copy", "Copied", "Copy failed", "Reload", "Route: {route}", "Request Timed Out", "The server did not answer {route} within {seconds} s.", "Invalid Server Response", "1 change waiting", "{count} changes waiting", "Saving {current} of {total}…", "1 change failed", "{count} changes failed", "1 change saved", "{count} changes saved", "Changes waiting to be saved", "Retry", "Keep mine", "Discard", "waiting", "sending", "failed", "Create {model}", "Edit {model}{record}", "Delete {model}{record}", "Sign in again", "{name}, your session has ended. Sign in to go on: nothing on this page is lost.", "The server asks you to sign in. Nothing on this page is lost.", "Login", "Password", "Signing in…", "Sign in", "Not now", "The app could not start"];
export type MessageId = (typeof MESSAGE_IDS)[number];
/** Remembers the app's `translateFn` for the services of `env` (done by `MainComponentsContainer`). */
export declare function setAppTranslate(env: Pick<Env, "services">, translateFn: AppTranslateFn | undefined): void;
/**
 * The translation function of an env: the OWL app's `translateFn` (once an app shows the env's
 * main components), else `config.translate`, else English. Looked up at each call, so texts made
 * after the app mounts are translated. A translator that throws, or returns the id itself or
 * something that is not a non-empty string, passes to the next one.
 */
export declare function makeTranslate(env: Pick<Env, "config" | "services">, appTranslate?: AppTranslateFn): Translate;
/** In a component's `setup()`: translates with the OWL app's `translateFn`, then `config.translate`, then English. */
export declare function useTranslate(): Translate;
export {};
