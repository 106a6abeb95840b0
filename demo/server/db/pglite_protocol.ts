/**
 * The messages between the server's thread and PGlite's worker thread (pglite_worker.mjs). The
 * worker runs one request at a time, and while a transaction is open only that transaction's; it
 * writes the id of the request it runs, and of the open transaction, to `running` (shared memory),
 * and since when to the same slots of `since` (a BigInt64Array of Date.now() values), so that the
 * server sees how long each has held the database and, when one held it too long, which request
 * to cancel and which it may send again to the reopened database (those that never started).
 */
export type WorkerRequest =
  | { id: number; op: "query"; sql: string; params: unknown[]; tx?: number | undefined }
  | { id: number; op: "exec"; sql: string }
  | { id: number; op: "begin"; tx: number; readOnly?: boolean }
  | { id: number; op: "end"; tx: number; commit: boolean }
  | { id: number; op: "listen"; channel: string }
  | { id: number; op: "close" };

/** Slots of the shared `running` Int32Array: the request running, the transaction open (0: none). */
export const RUNNING_REQUEST = 0;
export const OPEN_TRANSACTION = 1;

/** PostgreSQL's error fields, as plain data. */
export interface WorkerError {
  message: string;
  code?: string | undefined;
  detail?: string | undefined;
  constraint?: string | undefined;
  table?: string | undefined;
  column?: string | undefined;
}

/** One reply per request id; id 0 says the database is open. A NOTIFY heard (after its commit) comes as `notify`. */
export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WorkerError } | { notify: string; payload: string };
