import pg from "pg";
import { postgresListener, type PostgresListener } from "./postgres_listener";
import { DEFAULT_STATEMENT_TIMEOUT, DEFAULT_TRANSACTION_TIMEOUT, type Database, type Queryable, type QueryResult } from "./database_types";

const typeParsers = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    // numeric (1700) and bigint (20) as numbers, as the PGlite adapter does.
    if (oid === 1700 || oid === 20) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

/** `lost()`: the error that ended the client's session (PostgreSQL's transaction timeout between two statements), if any. */
function queryable(client: pg.Pool | pg.PoolClient, lost: () => Error | undefined = () => undefined): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const ended = lost();
      if (ended) throw ended;
      try {
        const result = await client.query({ text: sql, values: params as unknown[], types: typeParsers });
        return { rows: result.rows as Row[], affectedRows: result.rowCount ?? 0 };
      } catch (error) {
        // Sent while PostgreSQL's FATAL was on its way: the session's end says why, not the closed socket.
        throw lost() ?? error;
      }
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

/** The server's version (`server_version_num`, 170000 for 17.0), asked on a connection of its own before the pool opens. */
async function serverVersion(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version_num: string }>("SHOW server_version_num");
    return Number(rows[0]!.server_version_num);
  } finally {
    await client.end();
  }
}

/**
 * `statementTimeout` and `transactionTimeout` in ms (0: none), PostgreSQL's own `statement_timeout`
 * and `transaction_timeout` on every connection.
 */
export async function openPostgres(
  url: string,
  { statementTimeout = DEFAULT_STATEMENT_TIMEOUT, transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT }: { statementTimeout?: number; transactionTimeout?: number } = {},
): Promise<Database> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`DATABASE_URL must be a URL such as postgres://user:password@localhost:5432/demo, got ${JSON.stringify(url.replace(/:[^:@/]*@/, ":***@"))}`);
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql://, got ${shown(parsed)}`);
  }
  // Fail at start-up, naming DATABASE_URL and with the server's own message, rather than at the first request.
  let version: number;
  try {
    version = await serverVersion(url);
  } catch (error) {
    throw new Error(`DATABASE_URL (${shown(parsed)}) could not be used: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  // The transaction limit on every connection: `transaction_timeout` from PostgreSQL 17; before, only a transaction left idle is ended.
  const limit = version >= 170000 ? "transaction_timeout" : "idle_in_transaction_session_timeout";
  const options = transactionTimeout > 0 ? { options: `-c ${limit}=${transactionTimeout}` } : {};
  const pool = new pg.Pool({ connectionString: url, max: 8, statement_timeout: statementTimeout || false, ...options });
  /** Open transactions and since when (Date.now()), oldest first, for the health check. */
  const open = new Map<number, number>();
  let transactions = 0;
  /** The LISTEN connection, opened by the first `listen`. */
  let listener: PostgresListener | undefined;
  const { hostname, port, pathname } = parsed;
  return {
    ...queryable(pool),
    async transaction(fn, options) {
      const client = await pool.connect();
      // PostgreSQL may end the session while the transaction sits between two statements: the
      // client then emits the error (a crash if nobody listens); its next statement throws it.
      let lost: Error | undefined;
      const onError = (error: Error) => (lost = error);
      client.on("error", onError);
      const tx = queryable(client, () => lost);
      const id = ++transactions;
      open.set(id, Date.now());
      try {
        await tx.query(options?.readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN");
        const result = await fn(tx);
        await tx.query("COMMIT");
        return result;
      } catch (error) {
        await tx.query("ROLLBACK").catch((rollback: Error) => (lost ??= rollback));
        throw error;
      } finally {
        open.delete(id);
        client.off("error", onError);
        // A session PostgreSQL ended is dropped from the pool, not handed to the next caller.
        client.release(lost);
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
    listen(channel, onNotify, onLost) {
      listener ??= postgresListener(url);
      return listener.listen(channel, onNotify, onLost);
    },
    async close() {
      await listener?.close();
      await pool.end();
    },
    held() {
      const [oldest] = open;
      const ms = oldest ? Date.now() - oldest[1] : 0;
      return oldest && transactionTimeout > 0 && ms > transactionTimeout ? { holder: `transaction ${oldest[0]}`, ms, limit: transactionTimeout } : undefined;
    },
    description: `postgresql (${hostname}:${port || 5432}${pathname})`,
  };
}
