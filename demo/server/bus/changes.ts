/**
 * What a call changed, told to the bus in the call's own transaction: one `records/changed` row per
 * model in `bus_bus`, and a NOTIFY, both committed with the write or rolled back with it.
 */
import type { Queryable } from "../db/database";

/** The NOTIFY channel every instance listens on; its payload is only a wake-up (readers read the table). */
export const BUS_NOTIFY_CHANNEL = "bus_bus";
/** The type of the notification every write sends. */
export const RECORDS_CHANGED = "records/changed";
/**
 * The advisory lock a transaction takes before its bus rows (an arbitrary, fixed number): held to its
 * commit, it makes ids commit in order, so a reader that sees id N has seen every committed id below it.
 */
const BUS_LOCK = 717_172;

type Row = Record<string, unknown>;

/** The changes of one call, by model: ids created, written or deleted, and the deleted rows as they were. */
export class ChangeSet {
  private readonly models = new Map<string, { ids: Set<number>; removed: Row[] }>();

  add(model: string, ids: readonly number[], removed: readonly Row[] = []): void {
    const entry = this.models.get(model) ?? { ids: new Set<number>(), removed: [] };
    this.models.set(model, entry);
    for (const id of ids) entry.ids.add(id);
    entry.removed.push(...removed);
  }

  /** Writes the rows and the NOTIFY with `cr`, the call's transaction (nothing when nothing changed). */
  async publish(cr: Queryable): Promise<void> {
    if (!this.models.size) return;
    const rows = [...this.models].map(([model, { ids, removed }]) => ({
      channel: model,
      message: { type: RECORDS_CHANGED, payload: { model, ids: [...ids].sort((a, b) => a - b) } },
      removed: removed.length ? removed : null,
    }));
    await cr.query("SELECT pg_advisory_xact_lock($1)", [BUS_LOCK]);
    await cr.query(
      `WITH added AS (INSERT INTO bus_bus (channel, message, removed)
         SELECT r.channel, r.message, r.removed FROM jsonb_to_recordset($1::jsonb) AS r(channel varchar, message jsonb, removed jsonb) RETURNING id)
       SELECT pg_notify('${BUS_NOTIFY_CHANNEL}', max(id)::text) FROM added`,
      [JSON.stringify(rows)],
    );
  }
}
