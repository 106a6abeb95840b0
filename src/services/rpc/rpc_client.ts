import type { EventBus } from "@odoo/owl";
import { browser, MAX_TIMER_DELAY, type TimeoutId } from "../../browser.js";
import type { ConnectionMonitor } from "./connection_monitor.js";
import { ConnectionAbortedError, ConnectionLostError, EnvStoppedError, RPCError, RPCTimeoutError, setErrorOwner, type RPCErrorData } from "./errors.js";
import { serializeParams, type JSONValue } from "./params.js";
import { checkRPCSettings, reconnectDelay, retryAttempts, type ResolvedRPCConfig, type RPCSettings } from "./rpc_options.js";
import { readReply } from "./reply.js";
import { postJson, reachedServer } from "./xhr_transport.js";
import { IDEMPOTENCY_HEADER, READ_METHODS, cacheTag, canonicalJSON, isWrite, resolveCacheOptions, type ResolvedCacheOptions } from "./cache_options.js";
import type { ReadCache } from "./read_cache.js";
import { SharedReads } from "./shared_reads.js";

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
  abort?(rejectError?: boolean): void;
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

function rejected<T>(error: Error): RPCPromise<T> {
  return Object.assign(Promise.reject(error) as Promise<T>, { abort: () => {} });
}

/** Creates the `rpc` function of one env: its ids, its bus, its connection monitor, its read cache. */
export function createRPC(bus: EventBus, config: ResolvedRPCConfig, monitor: ConnectionMonitor, cache: ReadCache): RPC {
  let nextId = 1;
  /** The abort of each request in flight, for `stopRPC`. */
  const inFlight = new Set<() => void>();
  let stopped = false;

  function rpc<T>(route: string, params?: object, settings: RPCSettings = {}): RPCPromise<T> {
    let serialized: { [key: string]: JSONValue };
    let cacheOptions: ResolvedCacheOptions | undefined;
    let write = false;
    if (stopped) {
      return rejected(new EnvStoppedError(route));
    }
    try {
      if (typeof route !== "string" || !route) {
        throw new TypeError(`rpc: route must be a non-empty string, got ${JSON.stringify(route) ?? String(route)}`);
      }
      checkRPCSettings(route, settings);
      cacheOptions = settings.cache === undefined ? undefined : resolveCacheOptions(route, settings.cache);
      serialized = serializeParams(route, params);
      write = isWrite(route, serialized);
      if (write) checkWrite(route, serialized, settings);
    } catch (error) {
      return rejected(error as Error);
    }
    if (settings.signal?.aborted) {
      return rejected(new ConnectionAbortedError(route, settings.signal.reason));
    }
    if (cacheOptions || settings.share) {
      const { signal: _signal, cache: _cache, share: _share, ...keyed } = settings;
      const key = `${route}\u0000${canonicalJSON(serialized)}\u0000${canonicalJSON(keyed)}`;
      return cacheOptions
        ? reads.cached<T>(key, cacheTag(route, serialized), route, serialized, settings, cacheOptions)
        : reads.join<T>(key, route, serialized, settings);
    }
    const call = start<T>(route, serialized, settings);
    if (write) {
      // A write changes what reads of its model answer: drop them, here and in the other tabs.
      call.then(() => cache.invalidate(cacheTag(route, serialized)), () => undefined);
    }
    return call;
  }

  /** One request, with its events, timeout, abort and re-sends. */
  function start<T>(route: string, params: { [key: string]: JSONValue }, settings: RPCSettings): RPCPromise<T> {
    const body: RPCRequestData = { jsonrpc: "2.0", method: "call", params, id: nextId++ };
    const id = body.id;
    const payload = JSON.stringify(body);
    const headers = { ...settings.headers };
    if (settings.idempotencyKey !== undefined) {
      // One key per logical call: its re-sends carry the same one, so the server applies it once.
      headers[IDEMPOTENCY_HEADER] = settings.idempotencyKey === true ? browser.randomUUID() : settings.idempotencyKey;
    }
    const timeout = settings.timeout ?? config.timeout;
    const retriesAllowed = retryAttempts(settings);
    const event: RPCRequestEvent = { id, url: route, data: body, settings };
    const startedAt = browser.now();
    let finished = false;
    let abortTransfer = () => {};
    let timer: TimeoutId | undefined;
    let deadline: TimeoutId | undefined;
    /** Ends a wait for the server to come back when the call ends meanwhile, so nothing is left waiting. */
    const waiting = new AbortController();
    let settle!: { resolve: (value: T) => void; reject: (error: Error) => void };
    const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));

    const onSignal = () => abort(true);
    const finish = (outcome: RPCOutcome, value: { result: unknown } | { error: Error }, notify = true) => {
      if (finished) return;
      finished = true;
      browser.clearTimeout(timer);
      browser.clearTimeout(deadline);
      waiting.abort();
      settings.signal?.removeEventListener("abort", onSignal);
      if (!settings.silent) {
        bus.trigger("RPC:RESPONSE", { ...event, ...value, outcome, duration: browser.now() - startedAt } satisfies RPCResponseEvent);
      }
      if ("result" in value) {
        settle.resolve(value.result as T);
        return;
      }
      const error = value.error;
      setErrorOwner(error, bus);
      if (error instanceof RPCError) {
        bus.trigger("RPC_ERROR", {
          type: "server",
          message: error.message,
          code: error.code,
          name: error.exceptionName,
          subType: error.subType,
          data: error.data,
        } satisfies RPCErrorEvent);
      } else if (error instanceof ConnectionLostError) {
        bus.trigger("RPC_ERROR", { type: "network" } satisfies RPCErrorEvent);
      }
      if (notify) settle.reject(error);
    };
    const abort = (rejectError = true) => {
      if (finished) return;
      abortTransfer();
      finish("aborted", { error: new ConnectionAbortedError(route, settings.signal?.aborted ? settings.signal.reason : undefined) }, rejectError);
    };

    const wait = (ms: number) => new Promise<void>((resolve) => (timer = browser.setTimeout(resolve, ms)));
    /** Re-sends once the server answers again, unless the call ended meanwhile (abort, signal). */
    const resend = async (retries: number): Promise<void> => {
      await monitor.whenOnline(waiting.signal);
      return finished ? undefined : attempt(retries + 1);
    };

    const attempt = async (retries: number): Promise<void> => {
      const sentAt = browser.now();
      const transfer = postJson(route, payload, headers);
      abortTransfer = transfer.abort;
      let timedOut = false;
      if (timeout !== undefined) {
        timer = browser.setTimeout(() => {
          timedOut = true;
          transfer.abort();
        }, timeout);
      }
      const outcome = await transfer.promise;
      browser.clearTimeout(timer);
      if (finished) return;
      const canRetry = retries < retriesAllowed;
      if (outcome.kind === "aborted") {
        if (!timedOut) return;
        if (canRetry) {
          await wait(reconnectDelay(retries, config, browser.random()));
          return resend(retries);
        }
        return finish("timeout", { error: new RPCTimeoutError(route, timeout!) });
      }
      if (outcome.kind !== "response" || !reachedServer(outcome)) {
        monitor.reportLost();
        if (canRetry) {
          return resend(retries);
        }
        return finish("network", { error: new ConnectionLostError(route, outcome.kind === "response" ? outcome.status : 0) });
      }
      monitor.reportAlive(sentAt);
      const reply = readReply(route, id, outcome);
      if ("result" in reply) finish("result", reply);
      else finish(reply.error instanceof RPCError ? "error" : "invalid", reply);
    };

    settings.signal?.addEventListener("abort", onSignal, { once: true });
    if (!settings.silent) {
      bus.trigger("RPC:REQUEST", { ...event, abort } satisfies RPCRequestEvent & { abort: typeof abort });
    }
    if (finished) {
      // Aborted by a listener of RPC:REQUEST (or its signal): nothing is sent.
      return Object.assign(promise, { abort });
    }
    if (timeout !== undefined && retriesAllowed > 0) {
      // The whole call, waits for the server included, is bounded: a timeout per attempt it may make.
      const budget = Math.min(timeout * (retriesAllowed + 1), MAX_TIMER_DELAY);
      deadline = browser.setTimeout(() => {
        abortTransfer();
        finish("timeout", { error: new RPCTimeoutError(route, budget) });
      }, budget);
    }
    inFlight.add(abort);
    promise.then(() => inFlight.delete(abort), () => inFlight.delete(abort));
    attempt(0).catch((error: unknown) => finish("invalid", { error: error as Error }));
    return Object.assign(promise, { abort });
  }

  const reads = new SharedReads(start, cache);
  controls.set(rpc, () => {
    stopped = true;
    // Ends each request in flight: its caller gets ConnectionAbortedError, nothing waits for an answer.
    [...inFlight].forEach((abort) => abort());
  });
  return rpc as RPC;
}

const controls = new WeakMap<object, () => void>();

/** Stops an env's rpc (its service's `stop`): calls in flight are aborted, later ones rejected with EnvStoppedError. */
export function stopRPC(rpc: RPC): void {
  controls.get(rpc)?.();
}

/** Writes are never shared or cached, and re-sent only with an idempotency key the server can honour. */
function checkWrite(route: string, params: { [key: string]: JSONValue }, settings: RPCSettings): void {
  const method = `${String(params.model)}.${String(params.method)}`;
  if (settings.share || settings.cache) {
    throw new TypeError(`rpc ${route}: ${method} is a write: sharing and caching are for reads only (${READ_METHODS.join(", ")})`);
  }
  if (retryAttempts(settings) > 0 && settings.idempotencyKey === undefined) {
    throw new TypeError(
      `rpc ${route}: ${method} is a write: retry could apply it twice; pass idempotencyKey as well, for a server that honours the ${IDEMPOTENCY_HEADER} header`,
    );
  }
}
