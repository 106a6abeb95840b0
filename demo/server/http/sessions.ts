/**
 * Sessions in the database (migration 004), keyed by an unguessable id sent as Odoo's `session_id`
 * cookie; the table keeps only the id's SHA-256. They survive a restart and are shared by every
 * instance on the database.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Queryable } from "../db/database_types";

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

const hashOf = (id: string) => createHash("sha256").update(id).digest("hex");

export class SessionStore {
  private swept = 0;

  constructor(
    private readonly db: Queryable,
    private readonly now: () => number = Date.now,
  ) {}

  async create(uid: number, login: string, db: string): Promise<Session> {
    const session = { id: randomBytes(30).toString("base64url"), uid, login, db, expiresAt: this.now() + SESSION_LIFETIME };
    await this.db.query("INSERT INTO http_session (id_hash, uid, login, db, expires_at) VALUES ($1, $2, $3, $4, $5)", [hashOf(session.id), uid, login, db, session.expiresAt]);
    // Once a minute at most, the sessions that ran out go.
    if (this.now() - this.swept > 60_000) {
      this.swept = this.now();
      await this.db.query("DELETE FROM http_session WHERE expires_at <= $1", [this.now()]);
    }
    return session;
  }

  /** The live session for `id`, if any (an expired one is forgotten on sight). */
  async get(id: string | undefined): Promise<Session | undefined> {
    if (!id || id.length > 100) return undefined;
    const { rows } = await this.db.query<{ uid: number; login: string; db: string; expires_at: number | string }>("SELECT uid, login, db, expires_at FROM http_session WHERE id_hash = $1", [hashOf(id)]);
    const row = rows[0];
    if (!row) return undefined;
    const expiresAt = Number(row.expires_at);
    if (expiresAt <= this.now()) {
      await this.destroy(id);
      return undefined;
    }
    return { id, uid: row.uid, login: row.login, db: row.db, expiresAt };
  }

  /** Ends the session as its lifetime running out would. */
  async expire(id: string): Promise<void> {
    await this.db.query("UPDATE http_session SET expires_at = $2 WHERE id_hash = $1", [hashOf(id), this.now()]);
  }

  async destroy(id: string): Promise<void> {
    await this.db.query("DELETE FROM http_session WHERE id_hash = $1", [hashOf(id)]);
  }
}
