import { mkdir } from "node:fs/promises";
import { PGlite, types } from "@electric-sql/pglite";
import type { Database, Queryable, QueryResult } from "./database_types";

const parsers = {
  [types.NUMERIC]: (value: string) => Number(value),
  [types.INT8]: (value: string) => Number(value),
};

function queryable(db: Pick<PGlite, "query">): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await db.query<Row>(sql, params as unknown[], { parsers });
      return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
    },
  };
}

export async function openPGlite(dataDir: string | undefined): Promise<Database> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  return {
    ...queryable(db),
    transaction: (fn) => db.transaction((tx) => fn(queryable(tx))),
    exec: async (sql) => {
      await db.exec(sql);
    },
    exclusively: (fn) => fn(),
    close: () => db.close(),
    description: `pglite (${dataDir ?? "memory"})`,
  };
}
