import type { RPCSettings } from "../types.js";
/** Polled while the connection is lost. */
export declare const DEFAULT_HEARTBEAT_ROUTE = "/web/webclient/version_info";
/**
 * The first reconnection window, in ms: each tab polls once within it, then once within each next
 * window, twice as long, up to the cap. 5 s keeps 10,000 tabs that lost one server together
 * under 2,500 polls per second (10,000 / 5 s, evenly spread).
 */
export declare const DEFAULT_RECONNECT_DELAY = 5000;
/** The largest reconnection delay, in ms: the longest a restored server goes unnoticed. */
export declare const DEFAULT_RECONNECT_MAX_DELAY = 30000;
/** The header that carries a write's idempotency key (IETF draft "The Idempotency-Key HTTP Header Field"). */
export declare const IDEMPOTENCY_HEADER = "Idempotency-Key";
/** The version cached reads are kept for. */
export declare const DEFAULT_CACHE_VERSION = "1";
/** How many times a `retry: true` call is re-sent at most. */
export declare const DEFAULT_RETRY_ATTEMPTS = 2;
/** `config.rpc`. */
export interface RPCConfig {
    /** @default "/web/webclient/version_info" */
    heartbeatRoute?: string;
    /** The first reconnection window (the first poll comes within it), ms. @default 5000 */
    reconnectDelay?: number;
    /** Cap of the backoff, ms. @default 30000 */
    reconnectMaxDelay?: number;
    /** Default per-call timeout, ms. @default none */
    timeout?: number;
    /** Shares the connection state, and cache invalidations, between the tabs of this origin. @default true */
    shareConnectionState?: boolean;
    /** The version cached reads are kept for: change it when an update changes what reads answer. @default "1" */
    cacheVersion?: string;
    /**
     * Where the disk cache's keys come from: a secret of at least 16 characters that the browser does
     * not keep (a per-user secret from the server's session info, as Odoo 19's). The entries are then
     * unreadable without it. Without it, random keys are kept in a database of their own (README, Security).
     */
    cacheSecret?: () => string | Promise<string>;
}
export interface ResolvedRPCConfig {
    heartbeatRoute: string;
    reconnectDelay: number;
    reconnectMaxDelay: number;
    timeout: number | undefined;
    shareConnectionState: boolean;
    cacheVersion: string;
    cacheSecret: (() => string | Promise<string>) | undefined;
}
export declare function resolveRPCConfig(config?: RPCConfig): ResolvedRPCConfig;
/** Throws a TypeError naming the route and what is wrong with `settings`. */
export declare function checkRPCSettings(route: string, settings: RPCSettings): void;
/** How many times a call may be re-sent. */
export declare function retryAttempts(settings: RPCSettings): number;
/** The reconnection schedule's options: the first window and the cap, in ms. */
export interface ReconnectOptions {
    reconnectDelay: number;
    reconnectMaxDelay: number;
}
/**
 * When reconnection poll number `attempt` (0 first) is due, in ms after the loss began, for a tab
 * whose `phase` (in [0, 1]) was drawn once when the loss began. Time is cut into windows that
 * follow each other, `reconnectDelay` long and doubling up to `reconnectMaxDelay`; a tab polls
 * once in each window, always at the same fraction `phase` of it. Tabs that fail together thus
 * stay evenly spread (the phases are uniform, and nothing re-draws them into clumps), and two
 * polls of a tab are never further apart than the cap, which bounds the time to notice the server
 * is back. A pure function, so a herd of tabs can be simulated.
 */
export declare function reconnectAt(attempt: number, options: ReconnectOptions, phase: number): number;
/** The wait before reconnection poll `attempt` since the one before it (since the loss for 0): at most the cap. */
export declare function reconnectDelay(attempt: number, options: ReconnectOptions, phase: number): number;
