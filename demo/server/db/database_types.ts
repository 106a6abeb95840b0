/** The database interface the server and its two adapters (PGlite, pg) share, so the adapters never import the module that loads them. */

/** A statement running this long is canceled (ms), as PostgreSQL's `statement_timeout`. */
export const DEFAULT_STATEMENT_TIMEOUT = 30_000;
/**
 * A transaction (or a statement outside one) holding the database this long is ended (ms), as
 * Odoo's `limit_time_real`: PostgreSQL's `transaction_timeout` (17+; `idle_in_transaction_session_timeout`
 * before), Odoo's own 120 s, since a held transaction there holds only its own rows. On PGlite, where
 * one transaction holds the database for every user, DEFAULT_PGLITE_TRANSACTION_TIMEOUT.
 */
export const DEFAULT_TRANSACTION_TIMEOUT = 120_000;
/** The transaction limit on PGlite (ms): short, as every other user waits meanwhile. */
export const DEFAULT_PGLITE_TRANSACTION_TIMEOUT = 10_000;

/** What holds the database past the transaction limit, for the health check (never SQL). */
export interface DatabaseHold {
  /** "transaction 12", "a statement outside a transaction"… */
  holder: string;
  /** How long it has held the database, in ms. */
  ms: number;
  /** The transaction limit it passed, in ms. */
  limit: number;
}
export interface QueryResult<Row> {
  rows: Row[];
  affectedRows: number;
}

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
}

export interface TransactionOptions {
  /** READ ONLY, REPEATABLE READ: every statement sees the snapshot of the first, and none writes. */
  readOnly?: boolean | undefined;
}

export interface Database extends Queryable {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Runs a script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` while no other server on this database runs its own: on PostgreSQL under an advisory
   * lock (instances starting at once migrate and seed once); on PGlite, one process per folder already.
   */
  exclusively<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Hears `channel`'s NOTIFYs (delivered once their transaction commits): `onNotify` gets each
   * payload, and `undefined` when some may have been missed (the listening connection was lost and
   * is back). `onLost` is told why, each time the listening connection is lost or cannot be opened
   * again (PostgreSQL; on PGlite there is no such connection: a failed thread fails every request).
   * Resolves once listening, with the function that stops it.
   */
  listen(channel: string, onNotify: (payload: string | undefined) => void, onLost?: (error: Error) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** What holds the database past the transaction limit right now, if anything (the health check asks). */
  held(): DatabaseHold | undefined;
  /** "pglite (memory)", "pglite (demo/.data/db)" or "postgresql (host:port/db)". */
  readonly description: string;
}

