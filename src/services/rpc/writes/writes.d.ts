/**
 * The write layer: what a write may and may not do, what it invalidates, and `orm.exclusive`'s
 * joining of equal writes. A write is never shared or cached, and is re-sent only with an
 * idempotency key; it drops the cached reads of its model (and of `settings.invalidates`) when it
 * starts and when it ends, whatever the outcome.
 */
import { type JoinedRequest } from "../call/joined_calls.js";
import { type JSONValue } from "../call/params.js";
import type { RPCClient } from "../call/rpc_client.js";
import type { Reads } from "../reads/reads.js";
import type { RPCPromise, RPCSettings } from "../types.js";
export declare class Writes {
    #private;
    constructor(client: RPCClient, reads: Reads);
    /** Refuses what a write may not do: sharing, caching, re-sending without an idempotency key. */
    check(route: string, params: {
        [key: string]: JSONValue;
    }, settings: RPCSettings): void;
    /** Sends a checked write with serialized params, invalidating its models when it starts and when it ends. */
    send<T>(route: string, params: {
        [key: string]: JSONValue;
    }, settings: RPCSettings): RPCPromise<T>;
    /**
     * Sends a call exclusively: an equal one still pending in this env is joined instead (each caller
     * gets its own promise and `abort`). Equal is what is sent: serialized params (a Date is its
     * JSON, key order does not count) and settings, the idempotency key aside.
     */
    sendExclusive<T>(route: string, params: object, settings: RPCSettings, send: () => RPCPromise<unknown>): RPCPromise<T>;
}
/** Joins the call equal to this one pending in `table`, or sends it with `send`: see {@link Writes.sendExclusive}. */
export declare function joinExclusive<T>(table: Map<string, JoinedRequest>, route: string, params: object, settings: RPCSettings, send: () => RPCPromise<unknown>): RPCPromise<T>;
