/**
 * Who hears of what: a user hears only of the ids they may read, by their record rules (a
 * salesperson never learns another salesperson's order ids). Deleted records are judged as they
 * were, from the rows the unlink kept.
 */
import type { Queryable } from "../db/database";
import type { ModelRegistry, User } from "../models/base/model";
import { DomainCompiler } from "../orm/domain";
import { Params, ident } from "../orm/sql";
import type { BusRow } from "./bus_store";

/** The ids of a `records/changed` row that `user` may read: one query when a record rule applies, none otherwise. */
export async function readableIds(cr: Queryable, models: ModelRegistry, user: User, row: BusRow): Promise<number[]> {
  const payload = row.message.payload as { model?: unknown; ids?: unknown };
  if (typeof payload.model !== "string" || !models.has(payload.model) || !Array.isArray(payload.ids)) return [];
  const model = models.get(payload.model);
  if (!model.access[user.role].read) return [];
  const ids = payload.ids.filter((id): id is number => Number.isSafeInteger(id));
  const rule = model.rules?.[user.role];
  if (!rule || !ids.length) return ids;
  const params = new Params();
  const idsParam = params.add(ids);
  const removedParam = params.add(JSON.stringify(row.removed ?? []));
  const condition = new DomainCompiler(models, params).compile(model, rule.domain(user), "t");
  const table = ident(model.table);
  const { rows } = await cr.query<{ id: number }>(
    `SELECT DISTINCT t.id FROM (SELECT * FROM ${table} WHERE id = ANY(${idsParam})
       UNION ALL SELECT * FROM jsonb_populate_recordset(NULL::${table}, ${removedParam}::jsonb)) t
      WHERE ${condition} ORDER BY t.id`,
    params.values,
  );
  return rows.map((found) => found.id);
}
