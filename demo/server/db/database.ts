/**
 * The one small interface the server talks to PostgreSQL through: PGlite (PostgreSQL compiled to
 * WebAssembly, in-process) by default, or a real server through `pg` when DATABASE_URL is set.
 * Numbers come back as numbers (numeric, bigint) on both, so the layers above never see the difference.
 */
export {
  DEFAULT_PGLITE_TRANSACTION_TIMEOUT,
  DEFAULT_STATEMENT_TIMEOUT,
  DEFAULT_TRANSACTION_TIMEOUT,
  type DatabaseHold,
  type QueryResult,
  type Queryable,
  type Database,
  type TransactionOptions,
} from "./database_types";
import { DEFAULT_PGLITE_TRANSACTION_TIMEOUT, DEFAULT_STATEMENT_TIMEOUT, DEFAULT_TRANSACTION_TIMEOUT, type Database } from "./database_types";

/** PostgreSQL's SQLSTATE classes the server turns into Odoo errors. */
export const PG_ERROR_NAMES: Record<string, string> = {
  "23505": "UniqueViolation",
  "23503": "ForeignKeyViolation",
  "23502": "NotNullViolation",
  "23514": "CheckViolation",
  "22P02": "InvalidTextRepresentation",
  "22007": "InvalidDatetimeFormat",
  "22008": "DatetimeFieldOverflow",
  "22003": "NumericValueOutOfRange",
  "22001": "StringDataRightTruncation",
  "57014": "QueryCanceled",
  "25P03": "IdleInTransactionSessionTimeout",
  "25P04": "TransactionTimeout",
};

/** What PostgreSQL reported, read the same way from PGlite's and pg's errors. */
export interface PostgresErrorInfo {
  code: string;
  message: string;
  detail: string | undefined;
  constraint: string | undefined;
  table: string | undefined;
  column: string | undefined;
}

export function postgresErrorInfo(error: unknown): PostgresErrorInfo | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as Record<string, unknown>;
  if (typeof e.code !== "string" || !/^[0-9A-Z]{5}$/.test(e.code) || typeof e.message !== "string") return undefined;
  const text = (key: string) => (typeof e[key] === "string" ? (e[key] as string) : undefined);
  return { code: e.code, message: e.message, detail: text("detail"), constraint: text("constraint"), table: text("table"), column: text("column") };
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL URL (`postgres://user:pass@host:5432/db`): use a real server through `pg`. */
  url?: string | undefined;
  /** PGlite's data folder; absent: in memory. */
  dataDir?: string | undefined;
  /**
   * A statement running longer is canceled with QueryCanceled (57014), in ms; 0 for no bound.
   * Default DEFAULT_STATEMENT_TIMEOUT (30 s). PGlite in memory has no bound (see pglite_adapter.ts).
   */
  statementTimeout?: number | undefined;
  /**
   * A transaction (or a statement outside one) holding the database longer is ended, in ms; 0 for
   * no bound. Default DEFAULT_TRANSACTION_TIMEOUT (120 s) on PostgreSQL, DEFAULT_PGLITE_TRANSACTION_TIMEOUT
   * (10 s) on PGlite; `exclusively` (migrations, the seed) is not bound. PGlite in memory reports it, but cannot end it.
   */
  transactionTimeout?: number | undefined;
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const statementTimeout = options.statementTimeout ?? DEFAULT_STATEMENT_TIMEOUT;
  if (options.url) {
    const { openPostgres } = await import("./postgres_adapter");
    return openPostgres(options.url, { statementTimeout, transactionTimeout: options.transactionTimeout ?? DEFAULT_TRANSACTION_TIMEOUT });
  }
  const { openPGlite } = await import("./pglite_adapter");
  return openPGlite(options.dataDir, { statementTimeout, transactionTimeout: options.transactionTimeout ?? DEFAULT_PGLITE_TRANSACTION_TIMEOUT });
}
