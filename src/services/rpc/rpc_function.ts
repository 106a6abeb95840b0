/**
 * The `rpc` function of one env, over its three layers: it checks and serializes a call, decides
 * whether it is a read or a write (`reads/read_intent.ts`), and hands it to the read layer (shared,
 * cached), the write layer (invalidating) or straight to the call layer.
 */
import { ConnectionAbortedError, EnvStoppedError } from "./errors.js";
import { serializeParams, type JSONValue } from "./call/params.js";
import { checkRPCSettings } from "./call/rpc_options.js";
import { rejected } from "./call/rpc_call.js";
import type { RPCClient } from "./call/rpc_client.js";
import { resolveCacheOptions, type ResolvedCacheOptions } from "./reads/cache_options.js";
import { isWrite } from "./reads/read_intent.js";
import type { Reads } from "./reads/reads.js";
import type { Writes } from "./writes/writes.js";
import type { RPC, RPCPromise, RPCSettings } from "./types.js";

/** One env's rpc: its call layer, its read layer and its write layer. */
export interface RPCLayers {
  client: RPCClient;
  reads: Reads;
  writes: Writes;
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
      write = isWrite(route, serialized, settings.kind, settings.share || settings.cache);
      if (write) writes.check(route, serialized, settings);
      else if (settings.invalidates) throw new TypeError(`rpc ${route}: settings.invalidates is for writes, and this call is a read`);
    } catch (error) {
      return rejected(error as Error);
    }
    if (settings.signal?.aborted) return rejected(new ConnectionAbortedError(route, settings.signal.reason));
    if (write) return writes.send<T>(route, serialized, settings);
    if (cacheOptions || settings.share) return reads.send<T>(route, serialized, settings, cacheOptions);
    // The session's own routes never wait for a sign-in (see SessionGate).
    return client.send<T>(route, serialized, settings, undefined, !route.startsWith("/web/session/"));
  }
  Object.defineProperty(rpc, LAYERS, { value: layers });
  return rpc as RPC;
}
