/**
 * The dashboard's view of who is signed in, over the library's `session` service (which signs in,
 * refreshes and logs out, and gives the orm its user context through `user`). What it adds: the
 * last session info is remembered (nothing secret), so a page opened while the server is away
 * shows that user's saved data, unconfirmed until the server answers.
 */
import { EventBus } from "@odoo/owl";
import { getConnectionMonitor, isConnectionLostError, type Env, type RPC, type ServiceDefinition, type SessionService as LibrarySession } from "owl-services";

/** Odoo's `/web/session/*` answer (the part the dashboard reads). */
export interface SessionInfo {
  uid: number;
  name: string;
  username: string;
  is_admin: boolean;
  user_context: { lang: string; tz: string; uid: number };
  server_version: string;
}

export const DATABASE = "demo";
/** The demo's two roles, for the user switcher. */
export const DEMO_USERS = [
  { login: "admin", password: "admin", label: "Mitchell Admin", role: "Sales Administrator" },
  { login: "sales", password: "sales", label: "Marc Demo", role: "Salesperson" },
] as const;

/**
 * Where the last session info is kept (who was signed in, nothing secret: the session itself is
 * the server's cookie), so a page opened while the server is away shows that user's saved data
 * and keeps their changes in the outbox instead of going blank.
 */
const LAST_SESSION = "demo:last-session";

function remembered(): SessionInfo | null {
  try {
    const info = JSON.parse(localStorage.getItem(LAST_SESSION) ?? "null") as SessionInfo | null;
    return info && Number.isInteger(info.uid) && typeof info.name === "string" && info.user_context ? info : null;
  } catch {
    return null;
  }
}

function remember(info: SessionInfo | null): void {
  try {
    if (info) localStorage.setItem(LAST_SESSION, JSON.stringify(info));
    else localStorage.removeItem(LAST_SESSION);
  } catch {
    // Storage denied: a page opened offline then shows the sign-in, as it would without it.
  }
}

export interface SessionService {
  readonly user: SessionInfo | null;
  /** True while `user` is the remembered one (the page opened with the server away), until the server confirms it. */
  readonly unconfirmed: boolean;
  /** Triggers "CHANGED" when the user signs in, out, or is switched. */
  readonly bus: EventBus;
  /**
   * Reads the current session; null when there is none (no error shown: not being signed in is
   * normal). With the server away, the last signed-in user (unconfirmed, until the next `load`).
   */
  load(): Promise<SessionInfo | null>;
  /** Rejects with the server's RPCError (AccessDenied) on a wrong password. */
  signIn(login: string, password: string): Promise<SessionInfo>;
  signOut(): Promise<void>;
}

/** The remembered user while unconfirmed: the orm's context names them (their saved reads and waiting changes). */
function userContext(env: Env, info: SessionInfo | null): void {
  env.config.orm ??= {};
  env.config.orm.context = info ? { ...info.user_context } : {};
}

export const dashboardSessionService: ServiceDefinition<SessionService> = {
  dependencies: ["rpc", "session"],
  start(env, { rpc, session }: { rpc: RPC; session: LibrarySession }) {
    const bus = new EventBus();
    let user: SessionInfo | null = null;
    let unconfirmed = false;
    const set = (info: SessionInfo | null, confirmed = true) => {
      user = info;
      unconfirmed = !confirmed;
      if (confirmed) remember(info);
      userContext(env, info);
      bus.trigger("CHANGED", info);
      // The user's changes kept offline (a reload, another tab) are listed now that the user is known
      // (the remembered one too: this path tells the library's session nothing), and sent when the server is there.
      if (info) env.services.outbox?.sync().catch(() => undefined);
      return info;
    };
    const service: SessionService = {
      get user() {
        return user;
      },
      get unconfirmed() {
        return unconfirmed;
      },
      bus,
      async load() {
        try {
          return set((await session.refresh()) as unknown as SessionInfo | null);
        } catch (error) {
          const last = isConnectionLostError(error) ? remembered() : null;
          if (last) return set(last, false);
          throw error;
        }
      },
      async signIn(login, password) {
        return set((await session.authenticate({ db: DATABASE, login, password })) as unknown as SessionInfo)!;
      },
      async signOut() {
        await session.logout();
        set(null);
      },
    };
    // Opened while the server was away: once it answers, it says who is signed in (the same user,
    // someone else after a sign-in elsewhere, or no one: then the sign-in shows).
    getConnectionMonitor(rpc)?.subscribe((event) => {
      if (event.type === "restored" && unconfirmed) service.load().catch(() => undefined);
    });
    return service;
  },
};
