/**
 * Registered as `session` (Odoo 17's name): signs in to the server and keeps its session info.
 * `authenticate`, `refresh` and `logout` post Odoo's `/web/session/*` routes; a sign-in as someone
 * else, or a logout, changes whose cached reads and outbox entries are used (the session tells its
 * rpc whose calls these are), and a logout drops the user's cached reads, on disk too.
 */
import { EventBus } from "@odoo/owl";
import type { Env, ServiceDefinition } from "../../env.js";
import { isRecord, show } from "../../checks.js";
import { Subscribable } from "../../subscribable.js";
import { RPCError } from "../rpc/errors.js";
import { configUser } from "../rpc/rpc_service.js";
import type { RPCService, RPCUser } from "../rpc/rpc_function.js";
import { SignInGate } from "./sign_in_gate.js";
import type { SessionInfo } from "./session_info.js";
import { SESSION_ROUTES, resolveSessionOptions, type ResolvedSessionOptions, type SessionConfig } from "./session_options.js";

export type { SessionInfo } from "./session_info.js";

export interface SessionService {
  /** The session info of the signed-in user; null when signed out (or not known yet: see `refresh`). */
  readonly info: SessionInfo | null;
  /** Signs in; rejects with the server's error (AccessDenied) on wrong credentials, nothing kept. */
  authenticate(params: { db?: string; login: string; password: string }): Promise<SessionInfo>;
  /** Asks the server who is signed in: the info, or null when no session is (no error shown for that). */
  refresh(): Promise<SessionInfo | null>;
  /** Ends the session on the server and drops this user's cached reads, disk included. */
  logout(): Promise<void>;
  /** Calls `listener` with the new info (or null) when the user signs in, out, or is another one; returns the unsubscribe. */
  subscribe(listener: (info: SessionInfo | null) => void): () => void;
  /** For apps (API.md): triggers `"CHANGED"` (detail: the new info or null) when `subscribe`'s listeners are called. */
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

/** The calls waiting for a sign-in, for the sign-in dialog; undefined with `config.session.dialog: false`. */
export function signInGateOf(session: SessionService): SignInGate | undefined {
  return session instanceof Session ? session.gate : undefined;
}


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

/** One env's session: its info, the gate its refused calls wait at, and who its rpc calls as. */
class Session extends Subscribable<(info: SessionInfo | null) => void> implements SessionService {
  private current: SessionInfo | null = null;
  readonly gate: SignInGate | undefined;
  readonly bus = new EventBus();

  constructor(
    private readonly rpc: RPCService,
    private readonly options: ResolvedSessionOptions,
  ) {
    super();
    this.gate = options.dialog ? new SignInGate(() => this.current) : undefined;
  }

  get info(): SessionInfo | null {
    return this.current;
  }

  /** Whose calls the rpc makes while this session lives: its user, else the config's. */
  asUser(fallback: RPCUser): RPCUser {
    return {
      owner: () => (this.current && this.current.uid !== false ? `${this.current.db ?? ""}|${this.current.uid}` : fallback.owner()),
      known: () => Boolean(this.current?.uid) || fallback.owner() !== "",
      context: () => ({ ...this.current?.user_context }),
    };
  }

  private set(next: SessionInfo | null): void {
    const before = this.current;
    this.current = next;
    if (before?.uid === next?.uid && before?.db === next?.db) return;
    this.notify(next);
    this.bus.trigger("CHANGED", next);
  }

  async authenticate(params: { db?: string; login: string; password: string }): Promise<SessionInfo> {
    const credentials = checkCredentials(params, this.options);
    const answer = await this.rpc(SESSION_ROUTES.authenticate, credentials);
    const next = checkedInfo(SESSION_ROUTES.authenticate, answer);
    const info = { ...next, db: next.db ?? credentials.db };
    this.set(info);
    this.gate?.signedIn(info);
    return info;
  }

  async refresh(): Promise<SessionInfo | null> {
    try {
      this.set(checkedInfo(SESSION_ROUTES.info, await this.rpc(SESSION_ROUTES.info, {}, { silent: true, kind: "read" })));
    } catch (error) {
      // No session is an answer, not a failure: signed out.
      if (!(error instanceof RPCError && error.category === "session")) throw error;
      this.set(null);
    }
    return this.current;
  }

  async logout(): Promise<void> {
    await this.rpc(SESSION_ROUTES.destroy, {});
    await this.rpc.layers.reads.cache.forgetCurrentUser();
    this.set(null);
  }
}

export const sessionService: ServiceDefinition<Session> = {
  dependencies: ["rpc"],
  async: ["authenticate", "refresh", "logout"],
  start(env: Env, deps): Session {
    // The rpc service's value carries its layers (RPCService); the public type of `rpc` is the function alone.
    const rpc = deps.rpc as RPCService;
    const session = new Session(rpc, resolveSessionOptions(env.config.session));
    // The session tells the rpc whose calls these are and where refused calls wait: the rpc never reads the session.
    rpc.layers.user = session.asUser(rpc.layers.user);
    rpc.layers.client.gate = session.gate;
    return session;
  },
  stop(session, env) {
    session.gate?.dismiss();
    const { layers } = env.services.rpc as RPCService;
    layers.user = configUser(env);
    layers.client.gate = undefined;
  },
};
