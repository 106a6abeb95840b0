/**
 * Sessions in the database (migration 004), keyed by an unguessable id sent as Odoo's `session_id`
 * cookie; the table keeps only the id's SHA-256. They survive a restart and are shared by every
 * instance on the database.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Queryable } from "../db/database_types";
import type { User } from "./base/model";

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

interface SessionRow {
  uid: number;
  login: string;
  db: string;
  expires_at: number | string;
  user_id: number | null;
  user_login: string | null;
  name: string | null;
  role: User["role"] | null;
  partner_id: number | null;
  lang: string | null;
  tz: string | null;
}

const SESSION_WITH_USER = `SELECT s.uid, s.login, s.db, s.expires_at, u.id AS user_id, u.login AS user_login, u.name, u.role, u.partner_id, u.lang, u.tz
  FROM http_session s LEFT JOIN res_users u ON u.id = s.uid AND u.active WHERE s.id_hash = $1`;

const hashOf = (id: string) => createHash("sha256").update(id).digest("hex");

export class SessionStore {
  constructor(
    private readonly db: Queryable,
    private readonly now: () => number = Date.now,
  ) {}

  async create(uid: number, login: string, db: string): Promise<Session> {
    const session = { id: randomBytes(30).toString("base64url"), uid, login, db, expiresAt: this.now() + SESSION_LIFETIME };
    await this.db.query("INSERT INTO http_session (id_hash, uid, login, db, expires_at) VALUES ($1, $2, $3, $4, $5)", [hashOf(session.id), uid, login, db, session.expiresAt]);
    return session;
  }

  /**
   * The live session for `id`, if any (an expired one is forgotten on sight), with its user, read in
   * the same statement (one round trip per request); `user` is undefined once archived or deleted.
   */
  async get(id: string | undefined): Promise<(Session & { user: User | undefined }) | undefined> {
    if (!id || id.length > 100) return undefined;
    const { rows } = await this.db.query<SessionRow>(SESSION_WITH_USER, [hashOf(id)]);
    const row = rows[0];
    if (!row) return undefined;
    const expiresAt = Number(row.expires_at);
    if (expiresAt <= this.now()) {
      await this.destroy(id);
      return undefined;
    }
    const user: User | undefined = row.user_id === null ? undefined : { id: row.user_id, login: row.user_login!, name: row.name!, role: row.role!, partnerId: row.partner_id!, lang: row.lang!, tz: row.tz! };
    return { id, uid: row.uid, login: row.login, db: row.db, expiresAt, user };
  }

  /** Ends the session as its lifetime running out would. */
  async expire(id: string): Promise<void> {
    await this.db.query("UPDATE http_session SET expires_at = $2 WHERE id_hash = $1", [hashOf(id), this.now()]);
  }

  /** Drops the sessions that ran out (the server's sweep timer). */
  async sweep(): Promise<number> {
    const { affectedRows } = await this.db.query("DELETE FROM http_session WHERE expires_at <= $1", [this.now()]);
    return affectedRows;
  }

  async destroy(id: string): Promise<void> {
    await this.db.query("DELETE FROM http_session WHERE id_hash = $1", [hashOf(id)]);
  }
}
