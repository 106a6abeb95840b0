import type { EventBus } from "@odoo/owl";
import type { ConnectionMonitor } from "./connection_monitor.js";
import type { JSONValue } from "./params.js";
import { type ResolvedRPCConfig } from "./rpc_options.js";
import { type TransportOutcome } from "./xhr_transport.js";
import type { RPCPromise, RPCSettings } from "../types.js";
/**
 * Holds a call the server refused for an expired session until the user has signed in again (the
 * `session` service's dialog): "again" sends it again, "fail" lets it fail with that error, "other"
 * (someone else signed in) ends it as aborted, sending nothing of the previous user.
 */
export interface SessionGate {
    hold(): Promise<"again" | "fail" | "other">;
}
/** What the calls of one env share: its bus, config, connection monitor, session gate, and its calls in flight. */
export interface CallContext {
    bus: EventBus;
    config: ResolvedRPCConfig;
    monitor: ConnectionMonitor;
    gate: SessionGate | undefined;
    /** The calls in flight, a list linked through the calls themselves (no set to grow and rehash per call). */
    inFlight: {
        first: RPCCall<unknown> | undefined;
    };
}
/** Aborts every call of `context` in flight (the env is stopping). */
export declare function abortAll(context: CallContext): void;
/** An rpc promise already rejected with `error` (its `abort` does nothing): a call refused before sending. */
export declare function rejected<T>(error: Error): RPCPromise<T>;
/**
 * One request, with its events, timeout, abort and re-sends. A class with its state in fields, not
 * a nest of closures and awaits: a call allocates a handful of objects besides its request.
 */
export declare class RPCCall<T> {
    #private;
    readonly promise: RPCPromise<T>;
    /** Neighbours in the context's list of calls in flight. */
    next: RPCCall<unknown> | undefined;
    /** Cancels the call: handed to the caller (`promise.abort`) and to `RPC:REQUEST` listeners. */
    readonly abort: (rejectError?: boolean | Event) => void;
    constructor(context: CallContext, route: string, params: {
        [key: string]: JSONValue;
    }, settings: RPCSettings, id: number, onEnd?: () => void, holdable?: boolean);
    /** Announces the call (`RPC:REQUEST`) and sends it, unless a listener or its signal aborted it first. */
    start(): RPCPromise<T>;
    /** How the request ended (the transport calls this). */
    received(outcome: TransportOutcome): void;
}
