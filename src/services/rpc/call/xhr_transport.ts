import { browser } from "../../../browser.js";

/** HTTP statuses that mean the server itself could not be reached (a proxy answered for it). */
export const UNREACHABLE_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/** Whether `outcome` reached the server: any response but a proxy's 502/503/504. */
export function reachedServer(outcome: TransportOutcome): boolean {
  return outcome.kind === "response" && !UNREACHABLE_STATUSES.has(outcome.status);
}

/** What one POST came back with, before it is read as JSON-RPC. */
export type TransportOutcome =
  | { readonly kind: "response"; readonly status: number; readonly contentType: string; readonly text: string }
  /** No response at all: the request failed at the network level (or status 0). */
  | { kind: "network" }
  | { kind: "aborted" };

export interface Transfer {
  promise: Promise<TransportOutcome>;
  /** Cancels the request; the promise resolves `{ kind: "aborted" }` (nothing if it already settled). */
  abort(): void;
}

/** Who hears how a request ended: an object with a method, so a call hands over itself, not a new closure. */
export interface TransportReceiver {
  received(outcome: TransportOutcome): void;
}

/**
 * POSTs `body` as `application/json` through `XMLHttpRequest` and calls `receiver.received` once
 * with the outcome (a value, never an exception). Returns the abort function: the receiver then
 * gets `{ kind: "aborted" }` (nothing if it already had its outcome). A callback, not a promise:
 * the rpc's own call is the only promise a call makes. Throws, sending nothing, what the platform
 * refuses outright (a malformed URL): the caller's mistake, not a lost connection.
 */
export function sendJson(url: string, body: string, headers: Record<string, string> | undefined, receiver: TransportReceiver): () => void {
  const xhr = new browser.XMLHttpRequest();
  let settled = false;
  const settle = (outcome: TransportOutcome): void => {
    if (!settled) {
      settled = true;
      receiver.received(outcome);
    }
  };
  // "loadend" ends every request (after load, error, abort or timeout): one listener per call.
  // Status 0 there is a request that got no response (an abort of ours has settled already).
  xhr.addEventListener("loadend", () => {
    if (settled) return;
    settle(xhr.status === 0 ? NETWORK : new XHRResponse(xhr));
  });
  xhr.open("POST", url);
  for (const name in headers) {
    if (Object.hasOwn(headers, name) && name.toLowerCase() !== "content-type") {
      xhr.setRequestHeader(name, headers[name]!);
    }
  }
  xhr.setRequestHeader("Content-Type", "application/json");
  xhr.send(body);
  return () => {
    if (!settled) {
      settle(ABORTED);
      xhr.abort();
    }
  };
}

/** {@link sendJson} as a promise (the heartbeat's probe), rejected for what the platform refuses. */
export function postJson(url: string, body: string, headers?: Record<string, string>): Transfer {
  let abort = () => {};
  const promise = new Promise<TransportOutcome>((resolve) => (abort = sendJson(url, body, headers, { received: resolve })));
  return { promise, abort };
}

/** A response, read from its request when asked (most calls never need the content type). */
class XHRResponse {
  readonly kind = "response";
  readonly status: number;
  readonly #xhr: XMLHttpRequest;
  constructor(xhr: XMLHttpRequest) {
    this.#xhr = xhr;
    this.status = xhr.status;
  }
  get text(): string {
    return this.#xhr.responseText;
  }
  /** The media type, without parameters (`application/json`), or "". */
  get contentType(): string {
    const type = this.#xhr.getResponseHeader("Content-Type") ?? "";
    const end = type.indexOf(";");
    return (end < 0 ? type : type.slice(0, end)).trim();
  }
}

const NETWORK: TransportOutcome = Object.freeze({ kind: "network" });
const ABORTED: TransportOutcome = Object.freeze({ kind: "aborted" });
