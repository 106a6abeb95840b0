/** Sessions kept in memory, keyed by an unguessable id sent as Odoo's `session_id` cookie. */
import { randomBytes } from "node:crypto";

export const SESSION_COOKIE = "session_id";
/** Odoo keeps a session a week. */
export const SESSION_LIFETIME = 7 * 24 * 3600 * 1000;

export interface Session {
  id: string;
  uid: number;
  login: string;
  db: string;
  expiresAt: number;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  constructor(private readonly now: () => number = Date.now) {}

  create(uid: number, login: string, db: string): Session {
    const session = { id: randomBytes(30).toString("base64url"), uid, login, db, expiresAt: this.now() + SESSION_LIFETIME };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session for `id`, if any (an expired one is forgotten on sight). */
  get(id: string | undefined): Session | undefined {
    const session = id ? this.sessions.get(id) : undefined;
    if (session && session.expiresAt <= this.now()) {
      this.sessions.delete(session.id);
      return undefined;
    }
    return session;
  }

  /** Ends the session as its lifetime running out would. */
  expire(id: string): void {
    const session = this.sessions.get(id);
    if (session) session.expiresAt = this.now();
  }

  destroy(id: string): void {
    this.sessions.delete(id);
  }
}
