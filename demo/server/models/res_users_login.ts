/**
 * Signing in (Odoo's `res.users._login` and `_assert_can_auth`): the password checked against its
 * bcrypt hash, under Odoo 17's login cooldown. An attempt is counted before its password is
 * compared, in the one statement that decides whether it may be tried at all, so attempts sent at
 * once, to one instance or several, are counted as if one after another; a success forgets them.
 */
import bcrypt from "bcryptjs";
import type { Queryable } from "../db/database";
import { PASSWORD_COST } from "../db/seed_data";
import { AccessDenied } from "../errors";
import type { User } from "./base/model";

/** Odoo 17's login cooldown: after this many failures in a row for a login from one address… */
export const LOGIN_FAILURES_BEFORE_COOLDOWN = 5;
/** …its sign-ins are refused for this long after the last failure (ms). */
export const LOGIN_COOLDOWN = 60_000;
/** How long failures are kept after the last one (ms): swept by the server's timer. */
export const LOGIN_FAILURE_TTL = 24 * 3600 * 1000;

let unknownHash: string | undefined;
/**
 * What a password of an unknown login is compared with: a valid hash of the users' cost, made
 * once. (A malformed one is refused by bcrypt at once: 3.6 ms against 94 ms, which tells which
 * logins exist.)
 */
export function unknownLoginHash(): string {
  unknownHash ??= bcrypt.hashSync("no user has this password", PASSWORD_COST);
  return unknownHash;
}

/** Counts an attempt unless the login is on its cooldown from `source`; false when it is. */
async function countAttempt(cr: Queryable, source: string, login: string, now: number): Promise<boolean> {
  const { rows } = await cr.query(
    `INSERT INTO res_users_login_failure AS f (source, login, failures, last_at) VALUES ($1, $2, 1, $3::bigint)
     ON CONFLICT (source, login) DO UPDATE SET failures = f.failures + 1, last_at = $3::bigint
     WHERE f.failures < $4 OR f.last_at <= $3::bigint - $5::bigint RETURNING failures`,
    [source, login, now, LOGIN_FAILURES_BEFORE_COOLDOWN, LOGIN_COOLDOWN],
  );
  return rows.length > 0;
}

/** The id of the active user `login` whose password this is; Odoo's AccessDenied otherwise. */
export async function checkCredentials(cr: Queryable, attempt: { source: string; login: string; password: string }, now = Date.now()): Promise<number> {
  const { source, login, password } = attempt;
  if (!(await countAttempt(cr, source, login, now))) throw new AccessDenied("Too many login failures, please wait a bit before trying again.");
  const { rows } = await cr.query<{ id: number; password: string }>("SELECT id, password FROM res_users WHERE login = $1 AND active", [login]);
  const row = rows[0];
  // Compare against a real hash of the same cost even for an unknown login, so timing does not tell which logins exist.
  const ok = await bcrypt.compare(password, row?.password ?? unknownLoginHash());
  if (!row || !ok) throw new AccessDenied("Access Denied");
  await cr.query("DELETE FROM res_users_login_failure WHERE source = $1 AND login = $2", [source, login]);
  return row.id;
}

/** Drops the failures whose last attempt is older than LOGIN_FAILURE_TTL. */
export async function sweepLoginFailures(cr: Queryable, now = Date.now()): Promise<number> {
  const { affectedRows } = await cr.query("DELETE FROM res_users_login_failure WHERE last_at < $1::bigint", [now - LOGIN_FAILURE_TTL]);
  return affectedRows;
}

/** The active user `uid`, as the server's handlers see it. */
export async function loadUser(cr: Queryable, uid: number): Promise<User | undefined> {
  const { rows } = await cr.query<{ id: number; login: string; name: string; role: User["role"]; partner_id: number; lang: string; tz: string }>(
    "SELECT id, login, name, role, partner_id, lang, tz FROM res_users WHERE id = $1 AND active",
    [uid],
  );
  const row = rows[0];
  return row && { id: row.id, login: row.login, name: row.name, role: row.role, partnerId: row.partner_id, lang: row.lang, tz: row.tz };
}
