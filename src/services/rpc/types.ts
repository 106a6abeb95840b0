/** The rpc's public types, in a file of their own so the call layer's modules never import each other. */
import type { JSONValue } from "./params.js";
import type { RPCErrorData } from "./errors.js";
import type { RPCSettings } from "./rpc_options.js";

/**
 * Routes with known params and results, for typed calls. Extend it by declaration merging:
 * @example
 * declare module "owl-services" {
 *   interface RPCRoutes { "/sale/kpis": { params: { year: number }; result: { revenue: number } } }
 * }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
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
