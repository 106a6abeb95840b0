/**
 * The call layer: one client per env owns the transport, ids, timeouts, aborts, re-sends, the
 * `RPC:*` events and the connection monitor. It knows no route and no Odoo method: what a call is
 * (a read, a write) is decided by the layers above it.
 */
import type { EventBus } from "@odoo/owl";
import type { ConnectionMonitor } from "./connection_monitor.js";
import { EnvStoppedError } from "../errors.js";
import type { JSONValue } from "./params.js";
import type { ResolvedRPCConfig } from "./rpc_options.js";
import { RPCCall, abortAll, rejected, type CallContext, type SessionGate } from "./rpc_call.js";
import type { RPCPromise, RPCRequestEvent, RPCSettings } from "../types.js";

export class RPCClient {
  #nextId = 1;
  readonly #context: CallContext;
  #stopped = false;
  readonly #stopHooks: (() => void)[] = [];

  constructor(
    readonly bus: EventBus,
    readonly config: ResolvedRPCConfig,
    readonly monitor: ConnectionMonitor,
  ) {
    this.#context = { bus, config, monitor, gate: undefined, inFlight: { first: undefined } };
  }

  /** Where calls refused for an expired session wait for a sign-in (set by the `session` service); none: they fail. */
  set gate(gate: SessionGate | undefined) {
    this.#context.gate = gate;
  }

  get gate(): SessionGate | undefined {
    return this.#context.gate;
  }

  /** Whether the env stopped: every call is then refused with `EnvStoppedError`. */
  get isStopped(): boolean {
    return this.#stopped;
  }

  /**
   * Sends one request (serialized params), with its events, timeout, abort and re-sends; `onEnd`
   * runs once when it ends, however it ends, after its promise settled, given the call (as on `RPC:REQUEST`). `holdable`: it may wait at
   * the session gate and be sent again (the layers above say: a read, a keyed write).
   */
  send<T>(route: string, params: { [key: string]: JSONValue }, settings: RPCSettings, onEnd?: (call: RPCRequestEvent) => void, holdable = true): RPCPromise<T> {
    // A read that waited (for the disk) past the env's stop sends nothing.
    if (this.#stopped) return rejected(new EnvStoppedError(route));
    return new RPCCall<T>(this.#context, route, params, settings, this.#nextId++, onEnd, holdable).start();
  }

  /** Stops the client (its env stops): calls in flight end with `ConnectionAbortedError`, later ones are refused, the monitor stops polling. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    abortAll(this.#context);
    this.monitor.dispose();
    this.#stopHooks.forEach((hook) => {
      hook();
    });
  }

  /** Runs `hook` when the client stops (what the layers above it undo: notices, caches). */
  onStop(hook: () => void): void {
    this.#stopHooks.push(hook);
  }
}
