import type { RPCPromise } from "../types.js";
/** A request in flight and how many callers wait for it. */
export interface JoinedRequest {
    request: RPCPromise<unknown>;
    callers: number;
}
/** A promise of one caller's own, settled once. */
export declare function ownPromise<T>(): {
    promise: Promise<T>;
    resolve(value: T): void;
    reject(error: Error): void;
    readonly settled: boolean;
};
/**
 * Joins the request filed under `key` in `table`, starting it with `send` if none is in flight.
 * The caller's `abort()` (or its `signal`) detaches that caller only; the request is aborted when
 * the last caller leaves before it ended.
 */
export declare function joinRequest<T>(table: Map<string, JoinedRequest>, key: string, route: string, send: () => RPCPromise<unknown>, signal?: AbortSignal): RPCPromise<T>;
