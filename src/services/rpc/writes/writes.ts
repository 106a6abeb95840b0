/**
 * The write layer: what a write may and may not do, what it invalidates, and `orm.exclusive`'s
 * joining of equal writes. A write is never shared or cached, and is re-sent only with an
 * idempotency key; it drops the cached reads of its model (and of `settings.invalidates`) when it
 * starts and when it ends, whatever the outcome.
 */
import { joinRequest, type JoinedRequest } from "../call/joined_calls.js";
import { canonicalJSON, serializeParams, type JSONValue } from "../call/params.js";
import type { RPCClient } from "../call/rpc_client.js";
import { IDEMPOTENCY_HEADER, retryAttempts } from "../call/rpc_options.js";
import type { Reads } from "../reads/reads.js";
import { READ_METHODS, cacheTag, callKwMethod } from "../reads/read_intent.js";
import type { RPCPromise, RPCRequestEvent, RPCSettings } from "../types.js";

export class Writes {
  /** `orm.exclusive`'s calls still pending in this env: one double click, one write, whichever component. */
  readonly #exclusive = new Map<string, JoinedRequest>();
  readonly #client: RPCClient;
  readonly #reads: Reads;

  constructor(client: RPCClient, reads: Reads) {
    this.#client = client;
    this.#reads = reads;
  }

  /** Refuses what a write may not do: sharing, caching, re-sending without an idempotency key. */
  check(route: string, params: { [key: string]: JSONValue }, settings: RPCSettings): void {
    const call = callKwMethod(route, params);
    const method = call ? `${call.model}.${call.method}` : route;
    if (settings.share || settings.cache) {
      throw new TypeError(
        `rpc ${route}: ${method} is a write: sharing and caching are for reads only (${READ_METHODS.join(", ")}, or a call with settings.kind "read")`,
      );
    }
    if (retryAttempts(settings) > 0 && settings.idempotencyKey === undefined) {
      throw new TypeError(
        `rpc ${route}: ${method} is a write: retry could apply it twice; pass idempotencyKey as well, for a server that honours the ${IDEMPOTENCY_HEADER} header`,
      );
    }
  }

  /** Sends a checked write with serialized params, invalidating its models when it starts and when it ends. */
  send<T>(route: string, params: { [key: string]: JSONValue }, settings: RPCSettings): RPCPromise<T> {
    // Dropped at the start, no read begun after it joins or keeps an answer from before it; at the
    // end, whatever the outcome: a timeout, a lost connection or an abort may come after it was applied.
    this.#invalidate(route, params, settings);
    // Refused for an expired session, only a keyed write may wait for the sign-in and be sent again.
    return this.#client.send<T>(route, params, settings, this.#end, settings.idempotencyKey !== undefined);
  }

  #invalidate(route: string, params: unknown, { invalidates }: RPCSettings): void {
    this.#reads.invalidate(cacheTag(route, params));
    if (invalidates) for (const other of invalidates) this.#reads.invalidate(other);
  }

  /** What ends every write, made once: a closure per write would be most of what a write adds to a call. */
  readonly #end = ({ url, data, settings }: RPCRequestEvent) => this.#invalidate(url, data.params, settings);

  /**
   * Sends a call exclusively: an equal one still pending in this env is joined instead (each caller
   * gets its own promise and `abort`). Equal is what is sent: serialized params (a Date is its
   * JSON, key order does not count) and settings, the idempotency key aside.
   */
  sendExclusive<T>(route: string, params: object, settings: RPCSettings, send: () => RPCPromise<unknown>): RPCPromise<T> {
    return joinExclusive<T>(this.#exclusive, route, params, settings, send);
  }
}

/** Joins the call equal to this one pending in `table`, or sends it with `send`: see {@link Writes.sendExclusive}. */
export function joinExclusive<T>(table: Map<string, JoinedRequest>, route: string, params: object, settings: RPCSettings, send: () => RPCPromise<unknown>): RPCPromise<T> {
  let key: string;
  try {
    key = canonicalJSON([route, serializeParams(route, params), { ...settings, idempotencyKey: undefined, signal: undefined }]);
  } catch {
    return send() as RPCPromise<T>; // params JSON cannot carry: the rpc refuses them, naming the path
  }
  return joinRequest<T>(table, key, route, send);
}
