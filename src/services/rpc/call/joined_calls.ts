/**
 * Calls that join a request already in flight (shared reads, `orm.exclusive` writes): each caller
 * gets a promise of its own, with its own copy of the result and its own `abort`; the request is
 * forgotten as soon as it ends or every caller has left it, so a later call never joins a dead one.
 */
import { ConnectionAbortedError, InvalidResponseError } from "../errors.js";
import type { RPCPromise } from "../types.js";
import { copyJSON } from "./params.js";

/** A request in flight and how many callers wait for it. */
export interface JoinedRequest {
  request: RPCPromise<unknown>;
  callers: number;
}

/** A promise of one caller's own, settled once. */
export function ownPromise<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: Error): void; readonly settled: boolean } {
  let settle!: { resolve: (value: T) => void; reject: (error: Error) => void };
  let settled = false;
  const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
  return {
    promise,
    resolve: (value) => {
      if (settled) return;
      settled = true;
      settle.resolve(value);
    },
    reject: (error) => {
      if (settled) return;
      settled = true;
      settle.reject(error);
    },
    get settled() {
      return settled;
    },
  };
}

/**
 * Joins the request filed under `key` in `table`, starting it with `send` if none is in flight.
 * The caller's `abort()` (or its `signal`) detaches that caller only; the request is aborted when
 * the last caller leaves before it ended.
 */
export function joinRequest<T>(table: Map<string, JoinedRequest>, key: string, route: string, send: () => RPCPromise<unknown>, signal?: AbortSignal): RPCPromise<T> {
  let entry = table.get(key);
  if (!entry) {
    const created: JoinedRequest = { request: send(), callers: 0 };
    const forget = () => {
      if (table.get(key) === created) table.delete(key);
    };
    created.request.then(forget, forget);
    table.set(key, created);
    entry = created;
  }
  const joined = entry;
  joined.callers++;
  const own = ownPromise<T>();
  let left = false;
  const end = () => {
    left = true;
    signal?.removeEventListener("abort", onSignal);
  };
  const leave = () => {
    if (left) return;
    end();
    if (--joined.callers === 0 && !own.settled) {
      if (table.get(key) === joined) table.delete(key);
      joined.request.abort(false);
    }
  };
  joined.request.then(
    (value) => {
      end();
      try {
        own.resolve(copyJSON(value) as T);
      } catch (error) {
        // Too deep to copy: refused, never left pending (the call layer took it as a JSON-RPC result: HTTP 2xx, JSON).
        own.reject(new InvalidResponseError(route, 200, "application/json", (error as Error).message, ""));
      }
    },
    (error: Error) => {
      end();
      own.reject(error);
    },
  );
  const abort = (rejectError = true) => {
    if (own.settled || left) return;
    leave();
    if (rejectError) own.reject(new ConnectionAbortedError(route, signal?.aborted ? signal.reason : undefined));
  };
  const onSignal = () => abort(true);
  signal?.addEventListener("abort", onSignal, { once: true });
  return Object.assign(own.promise, { abort });
}
