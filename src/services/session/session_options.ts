/** `config.session`: the database to sign in to, the routes, and whether the sign-in dialog opens on a session error. */
import { isRecord } from "../../checks.js";

export interface SessionConfig {
  /** The database `authenticate` signs in to when the call names none. */
  db?: string;
  /** `false`: a session error is not held for the sign-in dialog (apps that have their own). @default true */
  dialog?: boolean;
}

export interface ResolvedSessionOptions {
  db: string | undefined;
  dialog: boolean;
}

/** Odoo 17's routes. */
export const SESSION_ROUTES = {
  authenticate: "/web/session/authenticate",
  info: "/web/session/get_session_info",
  destroy: "/web/session/destroy",
} as const;

export const DEFAULT_SESSION_OPTIONS: ResolvedSessionOptions = { db: undefined, dialog: true };

const KEYS = ["db", "dialog"];

export function resolveSessionOptions(config: SessionConfig | undefined): ResolvedSessionOptions {
  if (config === undefined) return DEFAULT_SESSION_OPTIONS;
  if (!isRecord(config)) throw new TypeError(`config.session must be an object, got ${JSON.stringify(config) ?? String(config)}`);
  const unknown = Object.keys(config).filter((key) => !KEYS.includes(key));
  if (unknown.length) throw new TypeError(`config.session has no option ${unknown.map((key) => `"${key}"`).join(", ")} (known: ${KEYS.join(", ")})`);
  if (config.db !== undefined && (typeof config.db !== "string" || !config.db)) {
    throw new TypeError(`config.session.db must be a database name, got ${JSON.stringify(config.db) ?? String(config.db)}`);
  }
  if (config.dialog !== undefined && typeof config.dialog !== "boolean") {
    throw new TypeError(`config.session.dialog must be true or false, got ${JSON.stringify(config.dialog) ?? String(config.dialog)}`);
  }
  return { db: config.db, dialog: config.dialog ?? DEFAULT_SESSION_OPTIONS.dialog };
}
