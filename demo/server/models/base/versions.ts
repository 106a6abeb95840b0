/**
 * Odoo's concurrency check (up to 16): `context.__last_update` maps `"model,id"` to the write_date
 * the user saw. A record's write_date is its version, kept in whole seconds (migration 005), so the
 * "YYYY-MM-DD HH:MM:SS" a reader gets is the whole value, and each write moves it on by at least a
 * second: two writes in the same second are two versions.
 */
import { PyValueError, ValidationError } from "../../errors";
import { ident } from "../../orm/sql";
import type { Env, ModelDef } from "./model";

/** The version after a write: this second, or the second after the record's own when that is later. */
export const NEXT_VERSION = "greatest(date_trunc('second', now() AT TIME ZONE 'UTC'), write_date + interval '1 second')";

/** The versions the user saw of `ids`, from `context.__last_update`, checked. */
function seenVersions(env: Env, model: ModelDef, ids: number[]): Map<number, string> {
  const seen = env.context.__last_update;
  const versions = new Map<number, string>();
  if (seen === undefined || seen === null) return versions;
  if (typeof seen !== "object" || Array.isArray(seen)) {
    throw new PyValueError(`context.__last_update must be a dictionary of "model,id": "YYYY-MM-DD HH:MM:SS", got ${JSON.stringify(seen)}`);
  }
  for (const id of ids) {
    const at = (seen as Record<string, unknown>)[`${model.name},${id}`];
    if (at === undefined) continue;
    if (typeof at !== "string" || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(at)) {
      throw new PyValueError(`context.__last_update["${model.name},${id}"] must be a datetime "YYYY-MM-DD HH:MM:SS", got ${JSON.stringify(at)}`);
    }
    versions.set(id, at);
  }
  return versions;
}

/**
 * Checks and moves on the versions of `ids` in one statement: a record written since the version
 * the user saw is left alone and the call fails with Odoo's message (its transaction rolls back).
 * The statement locks the rows to the end of the transaction, so of two writes that saw the same
 * version, the later one waits for the earlier and then finds the version moved on.
 */
export async function claimVersions(env: Env, model: ModelDef, ids: number[]): Promise<void> {
  if (!model.fields.write_date || !ids.length) return;
  const unique = [...new Set(ids)];
  const seen = seenVersions(env, model, unique);
  const { rows } = await env.cr.query<{ id: number }>(
    `UPDATE ${ident(model.table)} SET write_date = ${NEXT_VERSION}
      WHERE id = ANY($1) AND write_date <= coalesce(($3::timestamp[])[array_position($2::int[], id)], 'infinity') RETURNING id`,
    [unique, [...seen.keys()], [...seen.values()]],
  );
  if (rows.length === unique.length) return;
  const claimed = new Set(rows.map((row) => row.id));
  const stale = unique.find((id) => !claimed.has(id));
  throw new ValidationError(`A document was modified since you last viewed it (${model.description}:${stale})`);
}
