/** The `bus_bus` table (migration 007): reading what came after an id, its bounds, and the sweep. */
import type { Queryable } from "../db/database";

/** One notification as the client gets it. */
export interface BusMessage {
  id: number;
  message: { type: string; payload: unknown };
}

/** A row of `bus_bus`. */
export interface BusRow extends BusMessage {
  channel: string;
  /** The rows an unlink deleted, for the record rules (never sent). */
  removed: Record<string, unknown>[] | null;
}

/** How many rows one read brings: a client far behind is caught up page by page. */
export const BUS_PAGE = 500;

/** Rows with `after` < id <= `until` (every channel, or those of `channels`), in id order, at most BUS_PAGE. */
export async function rowsAfter(cr: Queryable, after: number, until: number | null, channels?: readonly string[]): Promise<BusRow[]> {
  const { rows } = await cr.query<BusRow>(
    `SELECT id, channel, message, removed FROM bus_bus
      WHERE id > $1 AND ($2::bigint IS NULL OR id <= $2) AND ($3::varchar[] IS NULL OR channel = ANY($3))
      ORDER BY id LIMIT ${BUS_PAGE}`,
    [after, until, channels ? [...channels] : null],
  );
  return rows;
}

/** `top`: the highest id given out and kept or swept; `swept`: the highest id the sweep deleted (a `last` below it may have missed rows). */
export async function busBounds(cr: Queryable): Promise<{ top: number; swept: number }> {
  const { rows } = await cr.query<{ top: number; swept: number }>(
    "SELECT greatest(s.id, (SELECT coalesce(max(id), 0) FROM bus_bus)) AS top, s.id AS swept FROM bus_bus_swept s",
  );
  return rows[0] ?? { top: 0, swept: 0 };
}

/** Deletes the rows older than `retention` ms, and remembers the highest id deleted. */
export async function sweepBus(cr: Queryable, retention: number): Promise<number> {
  const { rows } = await cr.query<{ count: number }>(
    `WITH gone AS (DELETE FROM bus_bus WHERE create_date < (clock_timestamp() AT TIME ZONE 'UTC') - $1 * interval '1 millisecond' RETURNING id),
          moved AS (UPDATE bus_bus_swept SET id = greatest(id, (SELECT max(id) FROM gone)) WHERE EXISTS (SELECT 1 FROM gone))
     SELECT count(*)::int AS count FROM gone`,
    [retention],
  );
  return rows[0]?.count ?? 0;
}
