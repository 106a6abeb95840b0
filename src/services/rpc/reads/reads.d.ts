import type { ReadCache } from "./read_cache.js";
import type { ResolvedCacheOptions } from "./cache_options.js";
import { type JSONValue } from "../call/params.js";
import type { RPCClient } from "../call/rpc_client.js";
import type { RPCPromise, RPCSettings } from "../types.js";
export declare class Reads {
    private readonly client;
    readonly cache: ReadCache;
    private readonly inflight;
    /** The key part of frozen settings (an orm's, the same for each of its reads). */
    private readonly settingsKeys;
    constructor(client: RPCClient, cache: ReadCache);
    /** A shared read (`settings.share`) or a cached one (`cacheOptions`), with serialized params. */
    send<T>(route: string, params: {
        [key: string]: JSONValue;
    }, settings: RPCSettings, cacheOptions: ResolvedCacheOptions | undefined): RPCPromise<T>;
    /** Runs `then` once, when the connection monitor sees the server again. */
    private whenBack;
    /** Drops the cached reads of `tag` (a model, or a route), of all without one, here and in the other tabs. */
    invalidate(tag?: string): void;
    /** Joins the request for `key`, starting it if none is in flight. */
    private join;
    /** A read answered from the cache when it can be, else (and with `update: "always"`, also) by the server. */
    private cached;
}
