/**
 * Registered as `session` (Odoo 17's name): signs in to the server and keeps its session info.
 * `authenticate`, `refresh` and `logout` post Odoo's `/web/session/*` routes; a sign-in as someone
 * else, or a logout, changes whose cached reads and outbox entries are used (see owner.ts), and a
 * logout drops the user's cached reads, on disk too.
 */
import { EventBus } from "@odoo/owl";
import type { Env, ServiceDefinition } from "../../env.js";
import { isRecord } from "../../checks.js";
import { RPCError } from "../rpc/errors.js";
import { rpcLayers } from "../rpc/rpc_function.js";
import { getReadCache } from "../rpc/rpc_service.js";
import { SignInGate } from "./sign_in_gate.js";
import type { SessionInfo } from "./session_info.js";

export type { SessionInfo } from "./session_info.js";
import type { RPC } from "../rpc/types.js";
import { SESSION_ROUTES, resolveSessionOptions, type ResolvedSessionOptions, type SessionConfig } from "./session_options.js";

export interface SessionService {
  /** The session info of the signed-in user; null when signed out (or not known yet: see `refresh`). */
  readonly info: SessionInfo | null;
  /** Signs in; rejects with the server's error (AccessDenied) on wrong credentials, nothing kept. */
  authenticate(params: { db?: string; login: string; password: string }): Promise<SessionInfo>;
  /** Asks the server who is signed in: the info, or null when no session is (no error shown for that). */
  refresh(): Promise<SessionInfo | null>;
  /** Ends the session on the server and drops this user's cached reads, disk included. */
  logout(): Promise<void>;
  /** `"CHANGED"` (detail: the new info or null) when the user signs in, out, or is another one. */
  readonly bus: EventBus;
}

/** Thrown (as a rejection) when `authenticate` is called wrongly; nothing was sent. */
export class SessionArgumentError extends TypeError {
  override name = "SessionArgumentError" as const;
  constructor(method: string, message: string) {
    super(`session.${method}: ${message}; nothing was sent`);
  }
}

declare module "../../env.js" {
  interface Services {
    session: SessionService;
  }
  interface Config {
    session?: SessionConfig;
  }
}

/** The sign-in gate of each session service (the dialog reads it: `signInGateOf`). */
const gates = new WeakMap<SessionService, SignInGate>();

/** The calls waiting for a sign-in, for the sign-in dialog; undefined with `config.session.dialog: false`. */
export function signInGateOf(session: SessionService): SignInGate | undefined {
  return gates.get(session);
}

const show = (value: unknown) => JSON.stringify(value) ?? String(value);

function checkCredentials(params: unknown, options: ResolvedSessionOptions): { db: string; login: string; password: string } {
  if (!isRecord(params)) throw new SessionArgumentError("authenticate", `pass { login, password } (and db), got ${show(params)}`);
  const { db = options.db, login, password } = params;
  if (typeof login !== "string" || !login.trim()) throw new SessionArgumentError("authenticate", `login must be a non-empty string, got ${show(login)}`);
  if (typeof password !== "string") throw new SessionArgumentError("authenticate", `password must be a string, got ${show(password)}`);
  if (typeof db !== "string" || !db) {
    throw new SessionArgumentError("authenticate", `db must be a database name, in the call or in config.session.db, got ${show(db)}`);
  }
  return { db, login, password };
}

/** Whether `value` is session info (a uid and a user context). */
function isSessionInfo(value: unknown): value is SessionInfo {
  return isRecord(value) && (value.uid === false || Number.isInteger(value.uid)) && isRecord(value.user_context);
}

function checkedInfo(route: string, value: unknown): SessionInfo {
  if (!isSessionInfo(value)) throw new TypeError(`${route} answered ${show(value)?.slice(0, 200)}, which is not session info ({ uid, user_context, … })`);
  return value;
}

export const sessionService: ServiceDefinition<SessionService> = {
  dependencies: ["rpc"],
  async: ["authenticate", "refresh", "logout"],
  start(env: Env, { rpc }: { rpc: RPC }): SessionService {
    const options = resolveSessionOptions(env.config.session);
    const bus = new EventBus();
    let info: SessionInfo | null = null;
    const gate = options.dialog ? new SignInGate(() => info) : undefined;
    const client = rpcLayers(rpc)?.client;
    if (client) client.gate = gate;
    const set = (next: SessionInfo | null) => {
      const before = info;
      info = next;
      if (before?.uid !== next?.uid || before?.db !== next?.db) bus.trigger("CHANGED", next);
    };
    const service: SessionService = {
      get info() {
        return info;
      },
      bus,
      async authenticate(params) {
        const credentials = checkCredentials(params, options);
        const answer = await rpc(SESSION_ROUTES.authenticate, credentials, { kind: "write" });
        const next = checkedInfo(SESSION_ROUTES.authenticate, answer);
        set({ ...next, db: next.db ?? credentials.db });
        gate?.signedIn(info!);
        return info!;
      },
      async refresh() {
        try {
          set(checkedInfo(SESSION_ROUTES.info, await rpc(SESSION_ROUTES.info, {}, { silent: true, kind: "read" })));
        } catch (error) {
          // No session is an answer, not a failure: signed out.
          if (!(error instanceof RPCError && error.category === "session")) throw error;
          set(null);
        }
        return info;
      },
      async logout() {
        await rpc(SESSION_ROUTES.destroy, {}, { kind: "write" });
        await getReadCache(rpc)?.forgetCurrentUser();
        set(null);
      },
    };
    if (gate) gates.set(service, gate);
    return service;
  },
  stop(service) {
    gates.get(service)?.dismiss();
  },
};
