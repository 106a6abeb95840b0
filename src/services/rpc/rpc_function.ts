/**
 * The `rpc` function of one env, over its three layers: it checks and serializes a call, decides
 * whether it is a read or a write (`reads/read_intent.ts`), and hands it to the read layer (shared,
 * cached), the write layer (invalidating) or straight to the call layer.
 */
import { browser } from "../../browser.js";
import { ConnectionAbortedError, EnvStoppedError, RPCError } from "./errors.js";
import { serializeParams, type JSONValue } from "./call/params.js";
import { checkRPCSettings } from "./call/rpc_options.js";
import { rejected } from "./call/rpc_call.js";
import type { RPCClient } from "./call/rpc_client.js";
import { resolveCacheOptions, type ResolvedCacheOptions } from "./reads/cache_options.js";
import { isWrite } from "./reads/read_intent.js";
import type { Reads } from "./reads/reads.js";
import type { Writes } from "./writes/writes.js";
import type { RPC, RPCPromise, RPCSettings } from "./types.js";

/**
 * Holds a call the server refused for an expired session until the user has signed in again (the
 * `session` service's dialog): "again" sends it again, "fail" lets it fail with that error, "other"
 * (someone else signed in) ends it as aborted, sending nothing of the previous user.
 */
export interface SessionGate {
  hold(route: string, error: RPCError): Promise<"again" | "fail" | "other">;
}

/** One env's rpc: its call layer, its read layer and its write layer, and the session gate if any. */
export interface RPCLayers {
  client: RPCClient;
  reads: Reads;
  writes: Writes;
  gate?: SessionGate | undefined;
}

/**
 * `first`, or, if the server refuses it for an expired session, the same call sent again once the
 * gate says so: the caller's one promise settles with the answer. Aborting it while it is held ends it.
 */
function gated<T>(route: string, first: RPCPromise<T>, again: () => RPCPromise<T>, gate: SessionGate): RPCPromise<T> {
  let current = first;
  let ended = false;
  let fail!: (error: Error) => void;
  const promise = new Promise<T>((resolve, reject) => {
    fail = (error) => {
      ended = true;
      reject(error);
    };
    const follow = (call: RPCPromise<T>) => {
      call.then(
        (value) => {
          ended = true;
          resolve(value);
        },
        (error: unknown) => {
          if (ended) return;
          if (!(error instanceof RPCError && error.category === "session")) return fail(error as Error);
          void gate.hold(route, error).then((decision) => {
            if (ended) return;
            if (decision === "fail") fail(error);
            else if (decision === "other") fail(new ConnectionAbortedError(route, new Error("another user signed in: the call was not sent again")));
            else {
              current = again();
              follow(current);
            }
          });
        },
      );
    };
    follow(first);
  }) as RPCPromise<T>;
  promise.abort = (rejectError = true) => {
    if (ended) return;
    current.abort(rejectError);
    // Held (its request over): it ends here.
    if (rejectError) fail(new ConnectionAbortedError(route));
    else ended = true;
  };
  return promise;
}

/**
 * Where an rpc function keeps its layers: an own symbol member, which a component's protected
 * rpc (`useService("rpc")`) carries too, so tools given either find the same env.
 */
const LAYERS = Symbol("owl-services rpc layers");

/** The layers behind an rpc function (`env.services.rpc` or a component's `useService("rpc")`), if it is one of ours. */
export function rpcLayers(rpc: unknown): RPCLayers | undefined {
  return typeof rpc === "function" ? ((rpc as unknown as { [LAYERS]?: RPCLayers })[LAYERS] ?? undefined) : undefined;
}

/** The settings of a call that passes none (one object for all of them). */
const NO_SETTINGS: RPCSettings = Object.freeze({});

/** Frozen settings already checked, with their cache options (an orm passes the same ones to every read). */
const checked = new WeakMap<RPCSettings, ResolvedCacheOptions | undefined>();

/** Checks `settings` (once for a frozen object, which cannot change) and resolves their cache options. */
function checkedSettings(route: string, settings: RPCSettings): ResolvedCacheOptions | undefined {
  if (checked.has(settings)) return checked.get(settings);
  checkRPCSettings(route, settings);
  const cache = settings.cache;
  const options = cache === undefined ? undefined : resolveCacheOptions(route, cache);
  if (Object.isFrozen(settings) && (cache === undefined || Object.isFrozen(cache))) checked.set(settings, options);
  return options;
}

/** Creates the `rpc` function over an env's layers. */
export function createRPC(layers: RPCLayers): RPC {
  const { client, reads, writes } = layers;
  function rpc<T>(route: string, params?: object, settings: RPCSettings = NO_SETTINGS): RPCPromise<T> {
    if (client.isStopped) return rejected(new EnvStoppedError(route));
    let serialized: { [key: string]: JSONValue };
    let cacheOptions: ResolvedCacheOptions | undefined;
    let write: boolean;
    try {
      if (typeof route !== "string" || !route) {
        throw new TypeError(`rpc: route must be a non-empty string, got ${JSON.stringify(route) ?? String(route)}`);
      }
      cacheOptions = checkedSettings(route, settings);
      serialized = serializeParams(route, params);
      write = isWrite(route, serialized, settings.kind);
      if (write) writes.check(route, serialized, settings);
      else if (settings.invalidates) throw new TypeError(`rpc ${route}: settings.invalidates is for writes, and this call is a read`);
    } catch (error) {
      return rejected(error as Error);
    }
    if (settings.signal?.aborted) return rejected(new ConnectionAbortedError(route, settings.signal.reason));
    // Reads and keyed writes refused for an expired session wait for the sign-in; the session's own routes never do.
    const { gate } = layers;
    if (!gate || route.startsWith("/web/session/") || (write && settings.idempotencyKey === undefined)) {
      return dispatch<T>(route, serialized, settings, write, cacheOptions);
    }
    // One key for the call and its re-send: the server applies it once.
    const sent = settings.idempotencyKey === true ? { ...settings, idempotencyKey: browser.randomUUID() } : settings;
    const again = () => dispatch<T>(route, serialized, sent, write, cacheOptions);
    return gated(route, again(), again, gate);
  }
  /** Hands a checked call to its layer. */
  function dispatch<T>(route: string, serialized: { [key: string]: JSONValue }, settings: RPCSettings, write: boolean, cacheOptions: ResolvedCacheOptions | undefined): RPCPromise<T> {
    if (write) return writes.send<T>(route, serialized, settings);
    if (cacheOptions || settings.share) return reads.send<T>(route, serialized, settings, cacheOptions);
    return client.send<T>(route, serialized, settings);
  }
  Object.defineProperty(rpc, LAYERS, { value: layers });
  return rpc as RPC;
}
