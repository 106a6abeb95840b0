/**
 * The one small interface the server talks to PostgreSQL through: PGlite (PostgreSQL compiled to
 * WebAssembly, in-process) by default, or a real server through `pg` when DATABASE_URL is set.
 * Numbers come back as numbers (numeric, bigint) on both, so the layers above never see the difference.
 */
export { DEFAULT_STATEMENT_TIMEOUT, type QueryResult, type Queryable, type Database, type TransactionOptions } from "./database_types";
import { DEFAULT_STATEMENT_TIMEOUT, type Database } from "./database_types";

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
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  if (options.url) {
    const { openPostgres } = await import("./postgres_adapter");
    return openPostgres(options.url, options.statementTimeout ?? DEFAULT_STATEMENT_TIMEOUT);
  }
  const { openPGlite } = await import("./pglite_adapter");
  return openPGlite(options.dataDir, options.statementTimeout ?? DEFAULT_STATEMENT_TIMEOUT);
}
