import type { EventBus } from "@odoo/owl";
import type { ConnectionMonitor } from "./connection_monitor.js";
import { ConnectionAbortedError, EnvStoppedError } from "./errors.js";
import { serializeParams, type JSONValue } from "./params.js";
import { checkRPCSettings, retryAttempts, type ResolvedRPCConfig, type RPCSettings } from "./rpc_options.js";
import { RPCCall, abortAll, type CallContext } from "./rpc_call.js";
import { IDEMPOTENCY_HEADER, READ_METHODS, cacheTag, canonicalJSON, isWrite, resolveCacheOptions, type ResolvedCacheOptions } from "./cache_options.js";
import type { ReadCache } from "./read_cache.js";
import { SharedReads } from "./shared_reads.js";

export type { RPCRoutes, RPCPromise, RPC, RPCRequestData, RPCOutcome, RPCRequestEvent, RPCResponseEvent, RPCErrorEvent } from "./types.js";
import type { RPC, RPCPromise } from "./types.js";

/** The settings of a call that passes none (one object for all of them). */
const NO_SETTINGS: RPCSettings = Object.freeze({});

function rejected<T>(error: Error): RPCPromise<T> {
  const promise = Promise.reject(error) as RPCPromise<T>;
  promise.abort = () => {};
  return promise;
}

/** Creates the `rpc` function of one env: its ids, its bus, its connection monitor, its read cache. */
export function createRPC(bus: EventBus, config: ResolvedRPCConfig, monitor: ConnectionMonitor, cache: ReadCache): RPC {
  let nextId = 1;
  const context: CallContext = { bus, config, monitor, inFlight: { first: undefined } };
  let stopped = false;

  function rpc<T>(route: string, params?: object, settings: RPCSettings = NO_SETTINGS): RPCPromise<T> {
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
      write = isWrite(route, serialized, settings.kind);
      if (write) checkWrite(route, serialized, settings);
      else if (settings.invalidates) throw new TypeError(`rpc ${route}: settings.invalidates is for writes, and this call is a read`);
    } catch (error) {
      return rejected(error as Error);
    }
    if (settings.signal?.aborted) {
      return rejected(new ConnectionAbortedError(route, settings.signal.reason));
    }
    if (cacheOptions || settings.share) {
      const { signal: _signal, cache: _cache, share: _share, ...keyed } = settings;
      const tag = cacheTag(route, serialized);
      // The tag's generation is part of the key: a read that starts after a write started never
      // joins a request made before it.
      const key = `${route}\u0000${canonicalJSON(serialized)}\u0000${canonicalJSON(keyed)}\u0000${cache.generation(tag)}`;
      return cacheOptions ? reads.cached<T>(key, tag, route, serialized, settings, cacheOptions) : reads.join<T>(key, route, serialized, settings);
    }
    if (!write) return start<T>(route, serialized, settings);
    // A write changes what reads of its models answer: drop them, here and in the other tabs, when
    // it starts (no read begun after it joins or keeps an answer from before it) and when it ends,
    // whatever the outcome (a timeout, a lost connection or an abort may come after it was applied).
    const tags = [cacheTag(route, serialized), ...(settings.invalidates ?? [])];
    const invalidate = () => tags.forEach((tag) => cache.invalidate(tag));
    invalidate();
    return start<T>(route, serialized, settings, invalidate);
  }

  /** One request, with its events, timeout, abort and re-sends; `onEnd` runs when it ends, however. */
  function start<T>(route: string, params: { [key: string]: JSONValue }, settings: RPCSettings, onEnd?: () => void): RPCPromise<T> {
    // A read that waited (for the disk) past the env's stop sends nothing.
    if (stopped) return rejected(new EnvStoppedError(route));
    return new RPCCall<T>(context, route, params, settings, nextId++, onEnd).start();
  }

  const reads = new SharedReads(start, cache);
  controls.set(rpc, () => {
    stopped = true;
    // Ends each request in flight: its caller gets ConnectionAbortedError, nothing waits for an answer.
    abortAll(context);
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
