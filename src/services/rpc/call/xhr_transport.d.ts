/** HTTP statuses that mean the server itself could not be reached (a proxy answered for it). */
export declare const UNREACHABLE_STATUSES: ReadonlySet<number>;
/** Whether `outcome` reached the server: any response but a proxy's 502/503/504. */
export declare function reachedServer(outcome: TransportOutcome): boolean;
/** What one POST came back with, before it is read as JSON-RPC. */
export type TransportOutcome = {
    readonly kind: "response";
    readonly status: number;
    readonly contentType: string;
    readonly text: string;
}
/** No response at all: the request failed at the network level (or status 0). */
 | {
    kind: "network";
} | {
    kind: "aborted";
};
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
export declare function sendJson(url: string, body: string, headers: Record<string, string> | undefined, receiver: TransportReceiver): () => void;
/** {@link sendJson} as a promise (the heartbeat's probe), rejected for what the platform refuses. */
export declare function postJson(url: string, body: string, headers?: Record<string, string>): Transfer;
