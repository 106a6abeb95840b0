/** The database interface the server and its two adapters (PGlite, pg) share, so the adapters never import the module that loads them. */

/** A statement running this long is canceled (ms), as PostgreSQL's `statement_timeout`. */
export const DEFAULT_STATEMENT_TIMEOUT = 30_000;
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
  close(): Promise<void>;
  /** "pglite (memory)", "pglite (demo/.data/db)" or "postgresql (host:port/db)". */
  readonly description: string;
}

