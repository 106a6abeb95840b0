/**
 * The call layer: one client per env owns the transport, ids, timeouts, aborts, re-sends, the
 * `RPC:*` events and the connection monitor. It knows no route and no Odoo method: what a call is
 * (a read, a write) is decided by the layers above it.
 */
import type { EventBus } from "@odoo/owl";
import type { ConnectionMonitor } from "./connection_monitor.js";
import type { JSONValue } from "./params.js";
import type { ResolvedRPCConfig } from "./rpc_options.js";
import { type SessionGate } from "./rpc_call.js";
import type { RPCPromise, RPCSettings } from "../types.js";
export declare class RPCClient {
    #private;
    readonly bus: EventBus;
    readonly config: ResolvedRPCConfig;
    readonly monitor: ConnectionMonitor;
    constructor(bus: EventBus, config: ResolvedRPCConfig, monitor: ConnectionMonitor);
    /** Where calls refused for an expired session wait for a sign-in (set by the `session` service); none: they fail. */
    set gate(gate: SessionGate | undefined);
    /** Whether the env stopped: every call is then refused with `EnvStoppedError`. */
    get isStopped(): boolean;
    /**
     * Sends one request (serialized params), with its events, timeout, abort and re-sends; `onEnd`
     * runs once when it ends, however it ends, after its promise settled. `holdable`: it may wait at
     * the session gate and be sent again (the layers above say: a read, a keyed write).
     */
    send<T>(route: string, params: {
        [key: string]: JSONValue;
    }, settings: RPCSettings, onEnd?: () => void, holdable?: boolean): RPCPromise<T>;
    /** Stops the client (its env stops): calls in flight end with `ConnectionAbortedError`, later ones are refused, the monitor stops polling. */
    stop(): void;
    /** Runs `hook` when the client stops (what the layers above it undo: notices, caches). */
    onStop(hook: () => void): void;
}
