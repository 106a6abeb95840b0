import pg from "pg";
import { DEFAULT_STATEMENT_TIMEOUT, type Database, type Queryable, type QueryResult } from "./database_types";

const typeParsers = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    // numeric (1700) and bigint (20) as numbers, as the PGlite adapter does.
    if (oid === 1700 || oid === 20) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

function queryable(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await client.query({ text: sql, values: params as unknown[], types: typeParsers });
      return { rows: result.rows as Row[], affectedRows: result.rowCount ?? 0 };
    },
  };
}

/** The advisory lock the demo servers of one database take to migrate and seed it (an arbitrary, fixed number). */
const SETUP_LOCK = 717_171;

/** `url` for a message: its password hidden. */
function shown(url: URL): string {
  const copy = new URL(url);
  if (copy.password) copy.password = "***";
  return copy.href;
}

/** `statementTimeout` in ms (0: none), PostgreSQL's own `statement_timeout` on every connection. */
export async function openPostgres(url: string, statementTimeout = DEFAULT_STATEMENT_TIMEOUT): Promise<Database> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`DATABASE_URL must be a URL such as postgres://user:password@localhost:5432/demo, got ${JSON.stringify(url.replace(/:[^:@/]*@/, ":***@"))}`);
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql://, got ${shown(parsed)}`);
  }
  const pool = new pg.Pool({ connectionString: url, max: 8, statement_timeout: statementTimeout || false });
  // Fail at start-up, naming DATABASE_URL and with the server's own message, rather than at the first request.
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new Error(`DATABASE_URL (${shown(parsed)}) could not be used: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const { hostname, port, pathname } = parsed;
  return {
    ...queryable(pool),
    async transaction(fn, options) {
      const client = await pool.connect();
      try {
        await client.query(options?.readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN");
        const result = await fn(queryable(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    async exclusively(fn) {
      // A session-level advisory lock, on a connection of its own, for as long as `fn` runs.
      const client = await pool.connect();
      try {
        await client.query("SELECT pg_advisory_lock($1)", [SETUP_LOCK]);
        return await fn();
      } finally {
        await client.query("SELECT pg_advisory_unlock($1)", [SETUP_LOCK]).catch(() => undefined);
        client.release();
      }
    },
    close: () => pool.end(),
    description: `postgresql (${hostname}:${port || 5432}${pathname})`,
  };
}
