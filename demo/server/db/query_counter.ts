/**
 * A database that counts its round trips: each `query`, inside a transaction or not, is one. The
 * test and the benchmark of the orders call read `count` (a count, not a timing: the same on any machine).
 */
import type { Database, Queryable } from "./database_types";

export interface CountedDatabase extends Database {
  /** Round trips so far (queries; a transaction's BEGIN and COMMIT are not counted). */
  readonly count: number;
}

/** `onQuery` sees each statement's SQL as it is sent (a test that counts one kind of query). */
export function countQueries(db: Database, onQuery: (sql: string) => void = () => undefined): CountedDatabase {
  let count = 0;
  const counted = (target: Queryable): Queryable => ({
    query: (sql, params) => {
      count++;
      onQuery(sql);
      return target.query(sql, params);
    },
  });
  return {
    ...counted(db),
    transaction: (fn, options) => db.transaction((tx) => fn(counted(tx)), options),
    exec: (sql) => db.exec(sql),
    exclusively: (fn) => db.exclusively(fn),
    listen: (channel, onNotify, onLost) => db.listen(channel, onNotify, onLost),
    close: () => db.close(),
    held: () => db.held(),
    description: db.description,
    get count() {
      return count;
    },
  };
}
