/**
 * What a read-only method runs on: one READ ONLY, REPEATABLE READ transaction, so all its queries see
 * one snapshot and none writes, opened at its first query (a report that waits first holds no
 * connection, and on PGlite no thread, meanwhile) and ended when the method ends.
 */
import type { Database, Queryable, QueryResult } from "../db/database";

export async function runReadOnly<T>(db: Database, run: (cr: Queryable) => Promise<T>): Promise<T> {
  let opened: Promise<Queryable> | undefined;
  let ended: Promise<unknown> | undefined;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const open = () =>
    new Promise<Queryable>((resolve, reject) => {
      ended = db.transaction(async (tx) => {
        resolve(tx);
        await finished;
      }, { readOnly: true });
      ended.catch(reject);
    });
  const cr: Queryable = {
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      opened ??= open();
      return (await opened).query<Row>(sql, params);
    },
  };
  try {
    return await run(cr);
  } finally {
    finish();
    // Nothing was written: how the transaction ends changes nothing the caller needs to hear of.
    await ended?.catch(() => undefined);
  }
}
