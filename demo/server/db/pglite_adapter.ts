/**
 * PGlite (PostgreSQL in WebAssembly) in a worker thread: a long statement holds that thread, never
 * the one answering HTTP requests. A statement that runs past `statementTimeout` is stopped the only
 * way WebAssembly allows, by ending the thread, as a crash would: PostgreSQL's recovery then
 * reopens the folder, the statement's transaction rolled back, and its caller gets QueryCanceled
 * (57014), as PostgreSQL's own `statement_timeout` answers. A transaction that holds the database
 * past `transactionTimeout`, however short its statements, is ended the same way, its requests
 * answered TransactionTimeout (25P04), as PostgreSQL 17's `transaction_timeout`. In memory there is
 * nothing to reopen: a hold past the limit is reported (`held()`), and the bounds are the call's own.
 */
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Database, DatabaseHold, Queryable, QueryResult } from "./database_types";
import { OPEN_TRANSACTION, RUNNING_REQUEST, type WorkerError, type WorkerReply, type WorkerRequest } from "./pglite_protocol";

// A path from the module's own path (no URL object: a test DOM may replace the global URL).
const WORKER = join(dirname(fileURLToPath(import.meta.url)), "pglite_worker.mjs");

type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, "id"> : never) : never;
/** `request` is absent for id 0, the database's opening. */
type Pending = { request: Request | undefined; resolve(value: unknown): void; reject(error: Error): void };

/** An error as PostgreSQL reported it, its fields where the server's error handling reads them. */
function databaseError(fields: WorkerError): Error {
  return Object.assign(new Error(fields.message), Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)));
}

export interface PGliteLimits {
  /** A statement running longer is ended (ms; 0: none). */
  statementTimeout: number;
  /** A transaction, or a statement outside one, holding the database longer is ended (ms; 0: none). */
  transactionTimeout: number;
}

/** Why the thread is ended: PostgreSQL's code and the start of the message its victims get. */
interface Ending {
  code: string;
  why: string;
}

/** The worker, restarted after a statement or a transaction held it too long; requests made meanwhile wait for it. */
class PGliteThread {
  private worker!: Worker;
  private ready!: Promise<void>;
  private readonly pending = new Map<number, Pending>();
  /** Which request the worker runs, and which transaction is open (pglite_protocol.ts). */
  private readonly running = new Int32Array(new SharedArrayBuffer(8));
  /** Since when (Date.now()) each slot of `running` holds its id. */
  private readonly since = new BigInt64Array(new SharedArrayBuffer(16));
  /** Transactions the watchdog ended, with what their later requests get (removed by their `end`). */
  private readonly ended = new Map<number, Error>();
  private nextId = 0;
  /** Whether the current thread has opened the database (opening is not a statement: no watchdog then). */
  private isOpen = false;
  private readonly watchdog: NodeJS.Timeout | undefined;
  private closed = false;
  /** The hold that ended the last thread, while the next one opens the folder. */
  private reopening: { holder: string; at: number; limit: number } | undefined;
  /** Set-up work (`exclusively`: migrations, the seed) running: no transaction limit then. */
  setup = 0;
  /** LISTEN callbacks by channel: a restarted thread listens again, and they are told they may have missed a NOTIFY. */
  readonly listeners = new Map<string, Set<(payload: string | undefined) => void>>();

  constructor(
    private readonly dataDir: string | undefined,
    private readonly limits: PGliteLimits,
  ) {
    this.start();
    // Only a folder can be opened again: in memory, a hold is reported but not ended.
    const bounds = [limits.statementTimeout, limits.transactionTimeout].filter((ms) => ms > 0);
    if (dataDir && bounds.length) {
      this.watchdog = setInterval(() => this.check(), Math.min(1000, ...bounds.map((ms) => ms / 4)));
      this.watchdog.unref();
    }
  }

  private start(): void {
    const worker = new Worker(WORKER, { workerData: { dataDir: this.dataDir, running: this.running, since: this.since } });
    this.worker = worker;
    this.isOpen = false;
    this.ready = new Promise((resolve, reject) => {
      this.pending.set(0, {
        request: undefined,
        resolve: () => {
          this.isOpen = true;
          this.reopening = undefined;
          resolve();
        },
        reject,
      });
    });
    this.ready.catch(() => undefined);
    // Only the current thread speaks: a stopped one's last words are not its successor's.
    const current = () => worker === this.worker && !this.closed;
    worker.on("message", (message: WorkerReply) => current() && this.settle(message));
    worker.on("error", (error) => current() && this.failAll(error));
    worker.on("exit", (code) => current() && this.failAll(new Error(`PGlite's thread ended (exit code ${code})`)));
  }

  private settle(message: WorkerReply): void {
    if ("notify" in message) {
      for (const onNotify of this.listeners.get(message.notify) ?? []) onNotify(message.payload);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(databaseError(message.error));
  }

  private failAll(error: Error): void {
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(error);
    }
  }

  /** The open transaction, else the statement running outside one, and for how long (ms). */
  private hold(now: number): { holder: string; ms: number } | undefined {
    const tx = Atomics.load(this.running, OPEN_TRANSACTION);
    if (tx) return { holder: `transaction ${tx}`, ms: now - Number(Atomics.load(this.since, OPEN_TRANSACTION)) };
    if (Atomics.load(this.running, RUNNING_REQUEST)) return { holder: "a statement outside a transaction", ms: now - Number(Atomics.load(this.since, RUNNING_REQUEST)) };
    return undefined;
  }

  held(): DatabaseHold | undefined {
    const { transactionTimeout } = this.limits;
    const now = Date.now();
    const { reopening } = this;
    if (reopening) return { holder: `${reopening.holder}, ended (the database is being opened again)`, ms: now - reopening.at, limit: reopening.limit };
    const hold = this.setup || !transactionTimeout ? undefined : this.hold(now);
    return hold && hold.ms > transactionTimeout ? { ...hold, limit: transactionTimeout } : undefined;
  }

  private check(): void {
    if (this.closed || !this.isOpen) return;
    const now = Date.now();
    const { statementTimeout, transactionTimeout } = this.limits;
    const statementMs = Atomics.load(this.running, RUNNING_REQUEST) ? now - Number(Atomics.load(this.since, RUNNING_REQUEST)) : 0;
    if (statementTimeout && statementMs > statementTimeout) {
      this.reopening = { holder: "a statement", at: now - statementMs, limit: statementTimeout };
      void this.restart({ code: "57014", why: `canceling statement due to statement timeout (it ran longer than ${statementTimeout} ms` });
      return;
    }
    const held = this.held();
    if (held) {
      this.reopening = { holder: held.holder, at: now - held.ms, limit: transactionTimeout };
      void this.restart({ code: "25P04", why: `terminating connection due to transaction timeout (${held.holder} held the database longer than ${transactionTimeout} ms` });
    }
  }

  /**
   * Ends the thread mid-statement and opens the folder again (PostgreSQL's crash recovery): the
   * statement and its transaction's requests fail with `ending`, the requests that never started
   * are sent to the reopened database.
   */
  private async restart(ending: Ending): Promise<void> {
    this.closed = true;
    await this.worker.terminate();
    const runningId = Atomics.load(this.running, RUNNING_REQUEST);
    const openTx = Atomics.load(this.running, OPEN_TRANSACTION);
    // The stopped thread's last state: its successor starts with nothing running.
    this.running.fill(0);
    const why = `${ending.why}; the embedded database was stopped and opened again`;
    if (openTx) this.ended.set(openTx, databaseError({ message: `${why}; transaction ${openTx} was rolled back)`, code: ending.code }));
    const waiting = [...this.pending].filter(([id]) => id !== 0);
    this.pending.clear();
    this.closed = false;
    this.start();
    void this.relisten();
    for (const [id, pending] of waiting) {
      const request = pending.request!;
      if (id === runningId) pending.reject(databaseError({ message: `${why}, its transaction rolled back)`, code: ending.code }));
      else if (request.op === "close") pending.resolve(null);
      else this.send(request).then(pending.resolve, pending.reject);
    }
  }

  async send(request: Request): Promise<unknown> {
    const tx = "tx" in request ? request.tx : undefined;
    const ended = tx === undefined ? undefined : this.ended.get(tx);
    if (ended) {
      // The watchdog rolled it back: its end is the last word (a rollback agrees, a commit is refused).
      if (request.op === "end" || request.op === "begin") this.ended.delete(tx!);
      if (request.op === "end" && !request.commit) return null;
      throw ended;
    }
    if (request.op !== "close") await this.ready;
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { request, resolve, reject });
      this.worker.postMessage({ ...request, id } as WorkerRequest);
    });
  }

  private async relisten(): Promise<void> {
    try {
      for (const channel of this.listeners.keys()) await this.send({ op: "listen", channel });
    } catch {
      return; // the new thread failed too: its requests say so
    }
    for (const set of this.listeners.values()) for (const onNotify of set) onNotify(undefined);
  }

  async listen(channel: string, onNotify: (payload: string | undefined) => void): Promise<() => Promise<void>> {
    const set = this.listeners.get(channel) ?? new Set();
    this.listeners.set(channel, set);
    set.add(onNotify);
    if (set.size === 1) await this.send({ op: "listen", channel });
    // The worker keeps listening (nothing is sent to callbacks that are gone).
    return async () => void set.delete(onNotify);
  }

  async close(): Promise<void> {
    clearInterval(this.watchdog);
    await this.ready.catch(() => undefined);
    await this.send({ op: "close" }).catch(() => undefined);
    this.closed = true;
    await this.worker.terminate();
  }

  opened(): Promise<void> {
    return this.ready;
  }
}

function queryable(thread: PGliteThread, tx?: number): Queryable {
  return {
    query: <Row>(sql: string, params: readonly unknown[] = []) => thread.send({ op: "query", sql, params: [...params], tx }) as Promise<QueryResult<Row>>,
  };
}

/** `limits` in ms (0: none); in memory a hold past them is reported, not ended (nothing could be reopened). */
export async function openPGlite(dataDir: string | undefined, limits: PGliteLimits): Promise<Database> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const thread = new PGliteThread(dataDir, limits);
  /** Transaction ids, unique across restarts of the thread. */
  let transactions = 0;
  try {
    await thread.opened();
  } catch (error) {
    await thread.close();
    throw new Error(`PGlite could not open ${dataDir ?? "its in-memory database"}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return {
    ...queryable(thread),
    async transaction(fn, options) {
      const tx = ++transactions;
      await thread.send({ op: "begin", tx, readOnly: options?.readOnly === true });
      let result: Awaited<ReturnType<typeof fn>>;
      try {
        result = await fn(queryable(thread, tx));
      } catch (error) {
        await thread.send({ op: "end", tx, commit: false }).catch(() => undefined);
        throw error;
      }
      await thread.send({ op: "end", tx, commit: true });
      return result;
    },
    exec: async (sql) => {
      await thread.send({ op: "exec", sql });
    },
    async exclusively(fn) {
      thread.setup++;
      try {
        return await fn();
      } finally {
        thread.setup--;
      }
    },
    listen: (channel, onNotify) => thread.listen(channel, onNotify),
    close: () => thread.close(),
    held: () => thread.held(),
    description: `pglite (${dataDir ?? "memory"})`,
  };
}
