/**
 * PGlite (PostgreSQL in WebAssembly) in a worker thread: a long statement holds that thread, never
 * the one answering HTTP requests. A statement that runs past `statementTimeout` is stopped the only
 * way WebAssembly allows, by ending the thread, as a crash would: PostgreSQL's recovery then
 * reopens the folder, the statement's transaction rolled back, and its caller gets QueryCanceled
 * (57014), as PostgreSQL's own `statement_timeout` answers. In memory there is nothing to reopen,
 * so there the bound is the path depth and the body limit alone.
 */
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Database, Queryable, QueryResult } from "./database_types";
import { OPEN_TRANSACTION, RUNNING_REQUEST, type WorkerError, type WorkerReply, type WorkerRequest } from "./pglite_protocol";

// A path from the module's own path (no URL object: a test DOM may replace the global URL).
const WORKER = join(dirname(fileURLToPath(import.meta.url)), "pglite_worker.mjs");

type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, "id"> : never) : never;
type Pending = { request: Request; resolve(value: unknown): void; reject(error: Error): void };

/** An error as PostgreSQL reported it, its fields where the server's error handling reads them. */
function databaseError(fields: WorkerError): Error {
  return Object.assign(new Error(fields.message), Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)));
}

/** The worker, restarted after a statement ran too long; requests made meanwhile wait for it. */
class PGliteThread {
  private worker!: Worker;
  private ready!: Promise<void>;
  private readonly pending = new Map<number, Pending>();
  /** Which request the worker runs, and which transaction is open (pglite_protocol.ts). */
  private readonly running = new Int32Array(new SharedArrayBuffer(8));
  private nextId = 0;
  private pingSentAt: number | undefined;
  /** Whether the current thread has opened the database (opening is not a statement: no watchdog then). */
  private isOpen = false;
  private readonly watchdog: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly dataDir: string | undefined,
    private readonly statementTimeout: number,
  ) {
    this.start();
    // A ping the worker cannot answer means a statement holds it: past the timeout, it is stopped.
    if (dataDir && statementTimeout > 0) {
      this.watchdog = setInterval(() => this.check(), Math.min(1000, statementTimeout / 4));
      this.watchdog.unref();
    }
  }

  private start(): void {
    const worker = new Worker(WORKER, { workerData: { dataDir: this.dataDir, running: this.running } });
    this.worker = worker;
    this.isOpen = false;
    this.ready = new Promise((resolve, reject) => {
      this.pending.set(0, {
        request: { op: "ping" },
        resolve: () => {
          this.isOpen = true;
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
    if (message.ok && message.value === "pong") this.pingSentAt = undefined;
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

  private check(): void {
    if (this.pending.size === 0 || this.closed || !this.isOpen) return;
    const now = Date.now();
    if (this.pingSentAt === undefined) {
      this.pingSentAt = now;
      this.worker.postMessage({ id: -1, op: "ping" } satisfies WorkerRequest);
    } else if (now - this.pingSentAt > this.statementTimeout) {
      void this.restart();
    }
  }

  /**
   * Ends the thread mid-statement and opens the folder again (PostgreSQL's crash recovery): the
   * statement and its transaction's requests fail with QueryCanceled, the requests that never
   * started are sent to the reopened database.
   */
  private async restart(): Promise<void> {
    this.pingSentAt = undefined;
    this.closed = true;
    await this.worker.terminate();
    const runningId = Atomics.load(this.running, RUNNING_REQUEST);
    const openTx = Atomics.load(this.running, OPEN_TRANSACTION);
    const canceled = `canceling statement due to statement timeout (it ran longer than ${this.statementTimeout} ms; the embedded database was stopped and opened again`;
    const waiting = [...this.pending].filter(([id]) => id !== 0);
    this.pending.clear();
    this.closed = false;
    this.start();
    for (const [id, pending] of waiting) {
      const { request } = pending;
      if (id === runningId) pending.reject(databaseError({ message: `${canceled}, its transaction rolled back)`, code: "57014" }));
      else if ("tx" in request && request.tx !== undefined && (request.op !== "begin" || request.tx === openTx)) {
        pending.reject(databaseError({ message: `${canceled}: transaction ${request.tx}, which a statement of held it, is rolled back)`, code: "57014" }));
      } else if (request.op === "close") pending.resolve(null);
      else this.send(request).then(pending.resolve, pending.reject);
    }
  }

  async send(request: Request): Promise<unknown> {
    if (request.op !== "close") await this.ready;
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { request, resolve, reject });
      this.worker.postMessage({ ...request, id } as WorkerRequest);
    });
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

/** `statementTimeout` in ms (0: none); in memory there is none (nothing could be reopened). */
export async function openPGlite(dataDir: string | undefined, statementTimeout: number): Promise<Database> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const thread = new PGliteThread(dataDir, statementTimeout);
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
    exclusively: (fn) => fn(),
    close: () => thread.close(),
    description: `pglite (${dataDir ?? "memory"})`,
  };
}
