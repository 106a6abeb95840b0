/**
 * PGlite in a worker thread (started by pglite_adapter.ts): PostgreSQL compiled to WebAssembly runs
 * each statement to its end without yielding, so here, off the thread that answers HTTP requests.
 * The protocol is in pglite_protocol.ts. Plain JavaScript: a worker thread starts without the
 * TypeScript loader.
 */
import { parentPort, workerData } from "node:worker_threads";
import { PGlite, types } from "@electric-sql/pglite";

/** @typedef {import("./pglite_protocol").WorkerRequest} WorkerRequest */
/** @typedef {import("./pglite_protocol").WorkerReply} WorkerReply */

/** The slots of `running` (pglite_protocol.ts). */
const RUNNING_REQUEST = 0;
const OPEN_TRANSACTION = 1;

const parsers = {
  [types.NUMERIC]: (/** @type {string} */ value) => Number(value),
  [types.INT8]: (/** @type {string} */ value) => Number(value),
};

const port = /** @type {import("node:worker_threads").MessagePort} */ (parentPort);
const { dataDir, running, since } = /** @type {{ dataDir: string | undefined, running: Int32Array, since: BigInt64Array }} */ (workerData);

/** Writes `id` to a slot of `running`, and when it started to the same slot of `since` (0: nothing there). */
function mark(/** @type {number} */ slot, /** @type {number} */ id) {
  if (id) Atomics.store(since, slot, BigInt(Date.now()));
  Atomics.store(running, slot, id);
}
const db = await PGlite.create(dataDir ? { dataDir } : {});

/** @type {WorkerRequest[]} */
const queue = [];
/** @type {WorkerRequest | undefined} */
let current;
/** @type {{ id: number, tx: import("@electric-sql/pglite").Transaction, end(commit: boolean): Promise<void> } | undefined} */
let open;
/** Thrown inside PGlite's transaction callback to roll it back. */
const ROLLBACK = Symbol("rollback");

const reply = (/** @type {WorkerReply} */ message) => port.postMessage(message);

/** @returns {WorkerReply} What PostgreSQL reported, as plain data (an Error's own fields do not cross threads). */
function failure(/** @type {number} */ id, /** @type {unknown} */ error) {
  const e = /** @type {Record<string, unknown>} */ (typeof error === "object" && error !== null ? error : { message: String(error) });
  const text = (/** @type {string} */ key) => (typeof e[key] === "string" ? /** @type {string} */ (e[key]) : undefined);
  return { id, ok: false, error: { message: text("message") ?? String(error), code: text("code"), detail: text("detail"), constraint: text("constraint"), table: text("table"), column: text("column") } };
}

/** Opens transaction `txId` (READ ONLY, REPEATABLE READ when `readOnly`); resolves once it is open (it ends with an `end` request). */
function begin(/** @type {number} */ txId, /** @type {boolean | undefined} */ readOnly) {
  return new Promise((begun, failed) => {
    /** @type {(commit: boolean) => void} */
    let decide = () => undefined;
    const decided = new Promise((resolve) => (decide = resolve));
    const ended = db
      .transaction(async (tx) => {
        if (readOnly) await tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        open = {
          id: txId,
          tx,
          end: (commit) => {
            decide(commit);
            return ended;
          },
        };
        mark(OPEN_TRANSACTION, txId);
        begun(txId);
        if (!(await decided)) throw ROLLBACK;
      })
      .catch((error) => {
        if (error !== ROLLBACK) throw error;
      })
      .finally(() => {
        open = undefined;
        mark(OPEN_TRANSACTION, 0);
      });
    ended.catch(failed);
  });
}

async function execute(/** @type {WorkerRequest} */ message) {
  switch (message.op) {
    case "query": {
      const target = message.tx === undefined ? db : open?.id === message.tx ? open.tx : undefined;
      if (!target) throw new Error(`Transaction ${message.tx} has ended: its queries can no longer run`);
      const result = await target.query(message.sql, message.params, { parsers });
      return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
    }
    case "begin":
      return begin(message.tx, message.readOnly);
    case "end":
      if (open?.id !== message.tx) throw new Error(`Transaction ${message.tx} has already ended`);
      await open.end(message.commit);
      return null;
    case "exec":
      await db.exec(message.sql);
      return null;
    case "listen":
      await db.listen(message.channel, (payload) => reply({ notify: message.channel, payload }));
      return null;
    case "close":
      await db.close();
      return null;
    default:
      return null;
  }
}

/** Runs the next request that may run: any when no transaction is open, else only that transaction's. */
async function pump() {
  if (current) return;
  const index = queue.findIndex((message) => !open || ("tx" in message && message.tx === open.id));
  if (index < 0) return;
  const message = /** @type {WorkerRequest} */ (queue.splice(index, 1)[0]);
  current = message;
  mark(RUNNING_REQUEST, message.id);
  try {
    reply({ id: message.id, ok: true, value: await execute(message) });
  } catch (error) {
    reply(failure(message.id, error));
  } finally {
    current = undefined;
    mark(RUNNING_REQUEST, 0);
  }
  void pump();
}

port.on("message", (/** @type {WorkerRequest} */ message) => {
  queue.push(message);
  void pump();
});
reply({ id: 0, ok: true, value: "ready" });
