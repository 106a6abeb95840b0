import type { EventBus } from "@odoo/owl";
import { browser, MAX_TIMER_DELAY, type TimeoutId } from "../../../browser.js";
import type { ConnectionMonitor } from "./connection_monitor.js";
import { ConnectionAbortedError, ConnectionLostError, RPCError, RPCTimeoutError, setErrorOwner } from "../errors.js";
import type { JSONValue } from "./params.js";
import { reconnectDelay, retryAttempts, type ResolvedRPCConfig } from "./rpc_options.js";
import { readReply } from "./reply.js";
import { reachedServer, sendJson, type TransportOutcome } from "./xhr_transport.js";
import { IDEMPOTENCY_HEADER } from "./rpc_options.js";
import type { RPCErrorEvent, RPCOutcome, RPCPromise, RPCRequestData, RPCRequestEvent, RPCResponseEvent, RPCSettings } from "../types.js";

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
  inFlight: { first: RPCCall<unknown> | undefined };
}

/** Aborts every call of `context` in flight (the env is stopping). */
export function abortAll(context: CallContext): void {
  const calls: RPCCall<unknown>[] = [];
  for (let call = context.inFlight.first; call; call = call.next) calls.push(call);
  calls.forEach((call) => {
    call.abort();
  });
}

/** An rpc promise already rejected with `error` (its `abort` does nothing): a call refused before sending. */
export function rejected<T>(error: Error): RPCPromise<T> {
  const promise = Promise.reject(error) as RPCPromise<T>;
  promise.abort = () => {};
  return promise;
}

type Ending = { result: unknown } | { error: Error };

/**
 * One request, with its events, timeout, abort and re-sends. A class with its state in fields, not
 * a nest of closures and awaits: a call allocates a handful of objects besides its request.
 */
export class RPCCall<T> {
  readonly promise: RPCPromise<T>;
  readonly #payload: string;
  readonly #headers: Record<string, string> | undefined;
  readonly #timeout: number | undefined;
  readonly #retriesAllowed: number;
  readonly #startedAt = browser.now();
  readonly #event: RPCRequestEvent;
  #finished = false;
  #retries = 0;
  #sentAt = 0;
  #timedOut = false;
  #abortTransfer: (() => void) | undefined;
  #timer: TimeoutId | undefined;
  #deadline: TimeoutId | undefined;
  /** Ends a wait for the server to come back when the call ends meanwhile (made only when a call waits). */
  #waiting: AbortController | undefined;
  /** Neighbours in the context's list of calls in flight. */
  next: RPCCall<unknown> | undefined;
  #previous: RPCCall<unknown> | undefined;
  #resolve!: (value: T) => void;
  #reject!: (error: Error) => void;
  /** Cancels the call: handed to the caller (`promise.abort`) and to `RPC:REQUEST` listeners. */
  readonly abort: (rejectError?: boolean | Event) => void;

  readonly #context: CallContext;
  readonly #route: string;
  readonly #settings: RPCSettings;
  readonly #id: number;
  /** Runs once when the call ends, however it ends (after its promise settled), given its event. */
  readonly #onEnd: ((call: RPCRequestEvent) => void) | undefined;
  /** Whether it may wait at the session gate and be sent again (a read, or a keyed write). */
  readonly #holdable: boolean;

  constructor(context: CallContext, route: string, params: { [key: string]: JSONValue }, settings: RPCSettings, id: number, onEnd?: (call: RPCRequestEvent) => void, holdable = true) {
    this.#context = context;
    this.#route = route;
    this.#settings = settings;
    this.#id = id;
    this.#onEnd = onEnd;
    this.#holdable = holdable;
    const body: RPCRequestData = { jsonrpc: "2.0", method: "call", params, id };
    this.#payload = JSON.stringify(body);
    let headers = settings.headers;
    if (settings.idempotencyKey !== undefined) {
      // One key per logical call: its re-sends carry the same one, so the server applies it once.
      const key = settings.idempotencyKey === true ? browser.randomUUID() : settings.idempotencyKey;
      headers = { ...headers, [IDEMPOTENCY_HEADER]: key };
    }
    this.#headers = headers;
    this.#timeout = settings.timeout ?? context.config.timeout;
    this.#retriesAllowed = retryAttempts(settings);
    // Also the signal's "abort" listener, which gets an Event: only `false` keeps the promise pending.
    this.abort = (rejectError?: boolean | Event) => {
      if (this.#finished) return;
      this.#abortTransfer?.();
      const reason = settings.signal?.aborted ? settings.signal.reason : undefined;
      this.#finish("aborted", { error: new ConnectionAbortedError(route, reason) }, rejectError !== false);
    };
    this.#event = { id, url: route, data: body, settings, abort: this.abort };
    this.promise = new Promise<T>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    }) as RPCPromise<T>;
    this.promise.abort = this.abort;
  }

  /** Announces the call (`RPC:REQUEST`) and sends it, unless a listener or its signal aborted it first. */
  start(): RPCPromise<T> {
    const settings = this.#settings;
    const context = this.#context;
    settings.signal?.addEventListener("abort", this.abort, { once: true });
    if (!settings.silent) {
      context.bus.trigger("RPC:REQUEST", this.#event);
    }
    if (this.#finished) {
      return this.promise; // aborted by a listener of RPC:REQUEST (or its signal): nothing is sent
    }
    if (this.#timeout !== undefined && this.#retriesAllowed > 0) {
      // The whole call, waits for the server included, is bounded: a timeout per attempt it may make.
      const budget = Math.min(this.#timeout * (this.#retriesAllowed + 1), MAX_TIMER_DELAY);
      this.#deadline = browser.setTimeout(() => {
        this.#abortTransfer?.();
        this.#finish("timeout", { error: new RPCTimeoutError(this.#route, budget) });
      }, budget);
    }
    this.next = context.inFlight.first;
    if (this.next) this.next.#previous = this as RPCCall<unknown>;
    context.inFlight.first = this as RPCCall<unknown>;
    this.#send();
    return this.promise;
  }

  #send(): void {
    this.#sentAt = this.#retries ? browser.now() : this.#startedAt;
    this.#timedOut = false;
    try {
      this.#abortTransfer = sendJson(this.#route, this.#payload, this.#headers, this);
    } catch (error) {
      this.#finish("invalid", { error: new TypeError(`rpc ${this.#route}: refused by the browser (${error})`, { cause: error }) });
      return;
    }
    if (this.#timeout !== undefined) {
      this.#timer = browser.setTimeout(() => {
        this.#timedOut = true;
        this.#abortTransfer?.();
      }, this.#timeout);
    }
  }

  /** How the request ended (the transport calls this). */
  received(outcome: TransportOutcome): void {
    browser.clearTimeout(this.#timer);
    if (this.#finished) return;
    try {
      this.#read(outcome);
    } catch (error) {
      this.#finish("invalid", { error: error as Error });
    }
  }

  #read(outcome: TransportOutcome): void {
    const route = this.#route;
    const context = this.#context;
    const canRetry = this.#retries < this.#retriesAllowed;
    if (outcome.kind === "aborted") {
      if (!this.#timedOut) return;
      if (canRetry) {
        const delay = reconnectDelay(this.#retries, context.config, browser.random());
        this.#timer = browser.setTimeout(() => this.#resend(), delay);
        return;
      }
      this.#finish("timeout", { error: new RPCTimeoutError(route, this.#timeout!) });
      return;
    }
    if (outcome.kind !== "response" || !reachedServer(outcome)) {
      context.monitor.reportLost();
      if (canRetry) this.#resend();
      else this.#finish("network", { error: new ConnectionLostError(route, outcome.kind === "response" ? outcome.status : 0) });
      return;
    }
    context.monitor.reportAlive(this.#sentAt);
    const reply = readReply(route, this.#id, outcome);
    if ("error" in reply && reply.error instanceof RPCError) {
      if (reply.error.category === "session" && this.#holdable && context.gate) this.#hold(context.gate, reply.error);
      else this.#finish("error", reply);
      return;
    }
    this.#finish("result" in reply ? "result" : "invalid", reply);
  }

  /** Waits at the session gate, then is sent again (same id, payload and key), fails, or ends as aborted. */
  #hold(gate: SessionGate, error: RPCError): void {
    void gate.hold().then((decision) => {
      if (this.#finished) return;
      if (decision === "again") this.#send();
      else if (decision === "fail") this.#finish("error", { error });
      else this.#finish("aborted", { error: new ConnectionAbortedError(this.#route, new Error("another user signed in: the call was not sent again")) });
    });
  }

  /** Re-sends once the server answers again, unless the call ended meanwhile (abort, signal). */
  #resend(): void {
    this.#waiting ??= new AbortController();
    void this.#context.monitor.whenOnline(this.#waiting.signal).then(() => {
      if (this.#finished) return;
      this.#retries++;
      this.#send();
    });
  }

  #unlink(): void {
    const list = this.#context.inFlight;
    if (this.#previous) this.#previous.next = this.next;
    else if (list.first === (this as RPCCall<unknown>)) list.first = this.next;
    if (this.next) this.next.#previous = this.#previous;
    this.#previous = this.next = undefined;
  }

  #finish(outcome: RPCOutcome, ending: Ending, notify = true): void {
    if (this.#finished) return;
    this.#finished = true;
    const { bus } = this.#context;
    browser.clearTimeout(this.#timer);
    browser.clearTimeout(this.#deadline);
    this.#waiting?.abort();
    this.#unlink();
    this.#settings.signal?.removeEventListener("abort", this.abort);
    const error = "error" in ending ? ending.error : undefined;
    // The caller's promise settles first (its handlers still run after the listeners below): a
    // listener that throws cannot leave it pending.
    if ("result" in ending) this.#resolve(ending.result as T);
    else {
      setErrorOwner(ending.error, bus);
      if (notify) this.#reject(ending.error);
    }
    try {
      this.#onEnd?.(this.#event);
      if (!this.#settings.silent) {
        const event = this.#event;
        const duration = browser.now() - this.#startedAt;
        // Literals of two fixed shapes, not spreads: one right-sized object per call.
        const response: RPCResponseEvent =
          "result" in ending
            ? { id: event.id, url: event.url, data: event.data, settings: event.settings, abort: this.abort, result: ending.result, outcome, duration }
            : { id: event.id, url: event.url, data: event.data, settings: event.settings, abort: this.abort, error: ending.error, outcome, duration };
        bus.trigger("RPC:RESPONSE", response);
      }
    } catch (listenerError) {
      // Browsers report a listener's error and go on; some test DOMs throw it from trigger().
      console.error(listenerError);
    } finally {
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
    }
  }
}
