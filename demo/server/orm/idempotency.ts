/**
 * Calls that carry an `Idempotency-Key` header (checked in http/idempotency.ts) are applied once,
 * whatever fails and whichever instance answers: the key's row is inserted in the write's own transaction, with the answer
 * (the pattern Stripe describes for PostgreSQL). A commit keeps both, a rollback forgets both; a
 * duplicate that arrives while the first call runs waits on the row (PostgreSQL's unique index)
 * and then gets the stored answer. Keys are the user's own, kept a day, and swept; what is kept
 * is a fingerprint of the params and the answer, capped in size.
 */
import { createHash } from "node:crypto";
import type { Queryable } from "../db/database";
import { UserError } from "../errors";

/** How long a key's answer is kept. */
export const IDEMPOTENCY_TTL = 24 * 3600 * 1000;
/** The largest answer kept (JSON characters); a larger one is applied once and its repeat says so. */
export const IDEMPOTENCY_MAX_ANSWER = 64 * 1024;

const canonical = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(canonical).join(",")}]`
    : typeof value === "object" && value !== null
      ? `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(",")}}`
      : JSON.stringify(value);

/** What names a call: the SHA-256 of its canonical params (so a key reused for another call is told apart). */
export function fingerprintOf(params: unknown): string {
  return createHash("sha256").update(canonical(params)).digest("hex");
}

export interface KeyedCall {
  uid: number;
  key: string;
  fingerprint: string;
}

/**
 * Runs `apply` once per (user, key) inside the transaction `tx`: resolves with its result, or
 * with the first call's stored answer (`replayed`) when the key was used before.
 */
export async function applyOnce(tx: Queryable, call: KeyedCall, apply: () => Promise<unknown>): Promise<{ replayed: boolean; result: unknown }> {
  const inserted = await tx.query(
    "INSERT INTO idempotency_key (uid, key, fingerprint) VALUES ($1, $2, $3) ON CONFLICT (uid, key) DO NOTHING RETURNING key",
    [call.uid, call.key, call.fingerprint],
  );
  if (!inserted.rows.length) {
    const { rows } = await tx.query<{ fingerprint: string; response: string | null }>("SELECT fingerprint, response FROM idempotency_key WHERE uid = $1 AND key = $2", [call.uid, call.key]);
    const first = rows[0]!;
    if (first.fingerprint !== call.fingerprint) {
      throw new UserError(`The Idempotency-Key "${call.key}" was already used for another call: a key names one call, so nothing was done.`);
    }
    if (first.response === null) throw new UserError(`The call with Idempotency-Key "${call.key}" was applied once already; its answer was too large to keep, so it is not given again.`);
    return { replayed: true, result: JSON.parse(first.response) as unknown };
  }
  const result = await apply();
  const json = JSON.stringify(result ?? null);
  await tx.query("UPDATE idempotency_key SET response = $3 WHERE uid = $1 AND key = $2", [call.uid, call.key, json.length <= IDEMPOTENCY_MAX_ANSWER ? json : null]);
  return { replayed: false, result };
}

/** Drops the keys older than IDEMPOTENCY_TTL. */
export async function sweepIdempotencyKeys(db: Queryable): Promise<number> {
  const { affectedRows } = await db.query(`DELETE FROM idempotency_key WHERE created_at < (now() AT TIME ZONE 'UTC') - interval '${IDEMPOTENCY_TTL / 1000} seconds'`);
  return affectedRows;
}
