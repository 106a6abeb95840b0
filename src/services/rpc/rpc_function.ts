/**
 * The `rpc` function of one env, over its three layers: it checks and serializes a call, decides
 * whether it is a read or a write (`reads/read_intent.ts`), and hands it to the read layer (shared,
 * cached), the write layer (invalidating) or straight to the call layer.
 */
import { show } from "../../checks.js";
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

/** Whose calls an env's rpc makes: the session service says so once it knows (see session_service.ts). */
export interface RPCUser {
  /** "db|uid" of the user whose cached reads and outbox entries are used; "" for nobody. */
  owner(): string;
  /**
   * Whether whose data is read is known: not while a session names nobody (not asked yet, or
   * signed out; the browser may hold anyone's cookie). Cached reads are neither kept nor served meanwhile.
   */
  known(): boolean;
  /** The user's context, sent with every orm call (lang, tz, uid, …). */
  context(): Record<string, unknown>;
}

/** One env's rpc: its call layer, its read layer, its write layer, and whose calls they are. */
export interface RPCLayers {
  client: RPCClient;
  reads: Reads;
  writes: Writes;
  user: RPCUser;
}

/**
 * The value of the `rpc` service: the rpc function and its layers, which the services built on it
 * (orm, session, outbox) receive as their declared dependency `rpc`. A component's protected rpc
 * (`useService("rpc")`) carries the same layers.
 */
export type RPCService = RPC & { readonly layers: RPCLayers };

/** The settings of a call that passes none (one object for all of them). */
const NO_SETTINGS: RPCSettings = Object.freeze({});

type CheckedSettings = WeakMap<RPCSettings, ResolvedCacheOptions | undefined>;

/** Checks `settings` (once for a frozen object, which cannot change: `checked` remembers it) and resolves their cache options. */
function checkedSettings(checked: CheckedSettings, route: string, settings: RPCSettings): ResolvedCacheOptions | undefined {
  if (checked.has(settings)) return checked.get(settings);
  checkRPCSettings(route, settings);
  const cache = settings.cache;
  const options = cache === undefined ? undefined : resolveCacheOptions(route, cache);
  if (Object.isFrozen(settings) && (cache === undefined || Object.isFrozen(cache))) checked.set(settings, options);
  return options;
}

/** Creates the `rpc` function over an env's layers. */
export function createRPC(layers: RPCLayers): RPCService {
  const { client, reads, writes } = layers;
  // Frozen settings already checked, with their cache options (an orm passes the same ones to every read).
  const checked: CheckedSettings = new WeakMap();
  function rpc<T>(route: string, params?: object, settings: RPCSettings = NO_SETTINGS): RPCPromise<T> {
    if (client.isStopped) return rejected(new EnvStoppedError(route));
    let serialized: { [key: string]: JSONValue };
    let cacheOptions: ResolvedCacheOptions | undefined;
    let write: boolean;
    try {
      if (typeof route !== "string" || !route) {
        throw new TypeError(`rpc: route must be a non-empty string, got ${show(route)}`);
      }
      cacheOptions = checkedSettings(checked, route, settings);
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
  return Object.assign(rpc as RPC, { layers });
}
