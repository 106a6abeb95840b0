/**
 * The signed-in user, from Odoo's session routes. Signing in fills the orm's user context
 * (`lang`, `tz`, `uid`), as Odoo's web client does from session info.
 */
import { EventBus } from "@odoo/owl";
import type { Env, RPC, ServiceDefinition } from "owl-services";

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

export interface SessionService {
  readonly user: SessionInfo | null;
  /** Triggers "CHANGED" when the user signs in, out, or is switched. */
  readonly bus: EventBus;
  /** Reads the current session; null when there is none (no error shown: not being signed in is normal). */
  load(): Promise<SessionInfo | null>;
  /** Rejects with the server's RPCError (AccessDenied) on a wrong password. */
  signIn(login: string, password: string): Promise<SessionInfo>;
  signOut(): Promise<void>;
}

function userContext(env: Env, info: SessionInfo | null): void {
  env.config.orm ??= {};
  env.config.orm.context = info ? { ...info.user_context } : {};
}

export const sessionService: ServiceDefinition<SessionService> = {
  dependencies: ["rpc"],
  start(env, { rpc }: { rpc: RPC }) {
    const bus = new EventBus();
    let user: SessionInfo | null = null;
    const set = (info: SessionInfo | null) => {
      user = info;
      userContext(env, info);
      bus.trigger("CHANGED", info);
      return info;
    };
    return {
      get user() {
        return user;
      },
      bus,
      async load() {
        try {
          return set(await rpc<SessionInfo>("/web/session/get_session_info", {}, { silent: true }));
        } catch (error) {
          if ((error as { category?: string }).category === "session") return set(null);
          throw error;
        }
      },
      async signIn(login, password) {
        const info = await rpc<SessionInfo>("/web/session/authenticate", { db: DATABASE, login, password });
        return set(info)!;
      },
      async signOut() {
        await rpc("/web/session/destroy", {});
        set(null);
      },
    };
  },
};
