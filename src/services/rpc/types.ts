/** The rpc's public types, in a file of their own: every layer (call, reads, writes) imports them, and they import no layer's code. */
import type { JSONValue } from "./call/params.js";
import type { RPCErrorData } from "./errors.js";

/**
 * Routes with known params and results, for typed calls. Extend it by declaration merging:
 * @example
 * declare module "owl-services" {
 *   interface RPCRoutes { "/sale/kpis": { params: { year: number }; result: { revenue: number } } }
 * }
 */
// biome-ignore lint/suspicious/noEmptyInterface: apps extend it by declaration merging
export interface RPCRoutes {}

/** What `rpc` returns: a promise with `abort`. */
export type RPCPromise<T> = Promise<T> & {
  /** Cancels the call: rejects with `ConnectionAbortedError`, or never settles with `false`. No effect once settled. */
  abort(rejectError?: boolean): void;
};

type RouteParams<R> = R extends keyof RPCRoutes ? RPCRoutes[R] extends { params: infer P } ? P : object : never;
type RouteResult<R> = R extends keyof RPCRoutes ? RPCRoutes[R] extends { result: infer T } ? T : unknown : never;

/** The `rpc` service: `rpc(route, params?, settings?)`. */
export interface RPC {
  /** A route declared in {@link RPCRoutes}: params checked, result typed. */
  <R extends keyof RPCRoutes & string>(route: R, params: RouteParams<R>, settings?: RPCSettings): RPCPromise<RouteResult<R>>;
  /** Any other route; say what it returns with `rpc<Result>(…)`. A declared route never lands here, so its params stay checked. */
  <T = unknown, R extends string = string>(
    route: R extends keyof RPCRoutes ? never : R,
    // `object`, not Record<string, unknown>: params typed by an interface must be accepted too.
    params?: object,
    settings?: RPCSettings,
  ): RPCPromise<T>;
}

/** The JSON-RPC 2.0 request body. */
export interface RPCRequestData {
  jsonrpc: "2.0";
  method: "call";
  params: { [key: string]: JSONValue };
  id: number;
}

/** How a call ended, on `RPC:RESPONSE`. */
export type RPCOutcome = "result" | "error" | "network" | "invalid" | "aborted" | "timeout";

/** `RPC:REQUEST`'s payload (`abort` too, so a listener can stop a call before it is sent). */
export interface RPCRequestEvent {
  id: number;
  url: string;
  data: RPCRequestData;
  settings: RPCSettings;
  /** Cancels the call, as the promise's `abort` does (a no-op once it has ended). */
  abort(rejectError?: boolean): void;
}

/** `RPC:RESPONSE`'s payload: `result` or `error`, with the call's duration in ms. */
export interface RPCResponseEvent extends RPCRequestEvent {
  result?: unknown;
  error?: Error;
  outcome: RPCOutcome;
  duration: number;
}

/** `RPC_ERROR`'s payload. */
export type RPCErrorEvent =
  | { type: "server"; message: string; code: number; name: string | undefined; subType: string | undefined; data: RPCErrorData | undefined }
  | { type: "network" };

/**
 * What useService's guard adds to a callback a component hands to a service (`cache.onUpdate`):
 * `alive()` says whether that component still lives. A live read asks again only while it does.
 */
export interface GuardedCallback {
  alive?(): boolean;
}

/** How a read is cached (`rpc(route, params, { cache })`, `orm.cache(options)`), with Odoo 19's shape. */
export interface RPCCacheOptions<T = unknown> {
  /** `"ram"`: this page's memory; `"disk"`: IndexedDB, survives a reload. @default "ram" */
  type?: "ram" | "disk";
  /** `"once"`: a stored value is the answer; `"always"`: answer with it, then ask the server and call `onUpdate`. @default "once" */
  update?: "once" | "always";
  /** Stored values older than this (ms) are not used. @default no limit */
  maxAge?: number;
  /** With `update: "always"`: the server's fresh value, and whether it differs from the one returned. */
  onUpdate?(result: T, changed: boolean): void;
  /**
   * With `update: "always"` and `onUpdate`: while its caller lives (its component, through
   * `useService`; until `abort()` or its `signal`), the read is asked again each time its model's
   * cached reads are dropped (a write here or in another tab, `reads.invalidate(model)`, the bus's
   * `records/changed`), a burst of changes costing a read or two, and `onUpdate` gets each answer.
   * @default false
   */
  live?: boolean;
}

/** The third argument of `rpc`. */
export interface RPCSettings {
  /** No `RPC:REQUEST` / `RPC:RESPONSE` (and so no loading indicator). */
  silent?: boolean;
  /** Extra request headers; `Content-Type` stays `application/json`. */
  headers?: Record<string, string>;
  /** Aborts the call with `RPCTimeoutError` after this many ms. @default config.rpc.timeout */
  timeout?: number;
  /** Aborting it is `abort()`. */
  signal?: AbortSignal;
  /**
   * For calls that are safe to repeat (reads): after a connection loss or a timeout, re-send the
   * call once the server answers again, up to this many times (`true`: 2). Other calls are never re-sent.
   * @default false
   */
  retry?: boolean | number;
  /**
   * Calls to the same route with equal params (key order aside) and settings, in flight at the same
   * time, share one request; each caller gets its own copy and its own `abort`. On by default for
   * the orm's reads; refused for writes. @default false
   */
  share?: boolean;
  /** Answer from the cache (memory or IndexedDB) when it holds this read; see {@link RPCCacheOptions}. Refused for writes. */
  cache?: RPCCacheOptions;
  /**
   * Sends an `Idempotency-Key` header (`true`: a fresh UUID), the same on every re-send of this call,
   * so a server that honours it applies the call once. The orm sets one on every write.
   */
  idempotencyKey?: string | true;
  /**
   * What the call does to the server's data, declared rather than guessed from the route. A read
   * may be shared, cached and re-sent; a write never is, and drops the cached reads of its model
   * (and of `invalidates`) when it starts and when it ends, whatever its outcome. Without it, a
   * call_kw call is a read when its method is one of Odoo 17's reads ({@link READ_METHODS}), a
   * write otherwise; any other route is a write unless the call asks for `share` or `cache`.
   */
  kind?: "read" | "write";
  /** A write's other models whose cached reads it changes (`["sale.order"]` for a `sale.order.line` write). */
  invalidates?: string[];
}
