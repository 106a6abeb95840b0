import { Subscribable } from "../../../subscribable.js";
import { type ReconnectOptions } from "./rpc_options.js";
export type ConnectionState = "online" | "lost";
/** What the monitor tells its subscribers. */
export type ConnectionEvent = {
    type: "lost";
}
/** The next poll (by this tab or the polling tab) is due at `at` (ms since the epoch). */
 | {
    type: "scheduled";
    at: number;
    attempt: number;
} | {
    type: "polling";
} | {
    type: "restored";
};
export interface ConnectionMonitorOptions extends ReconnectOptions {
    /** The BroadcastChannel name; none: this tab alone. */
    channelName?: string | undefined;
}
/**
 * Knows whether the server answers, and while it does not, polls it with growing, jittered,
 * capped delays until it does. The tabs of one origin share this over `BroadcastChannel`: one
 * polls, all show the loss and recover together, and a polling tab that closes hands over.
 * Where the platform has Web Locks, the poller is elected with one: tabs that lose the server at
 * the same moment never both poll (without them, the one with the smaller id stands down after
 * both have polled once). Framework-free: the rpc service shows its events as notifications.
 */
export declare class ConnectionMonitor extends Subscribable<(event: ConnectionEvent) => void> {
    #private;
    state: ConnectionState;
    constructor(probe: (signal: AbortSignal) => Promise<boolean>, options: ConnectionMonitorOptions);
    /** A call could not reach the server: from online, go lost and start polling (or follow the tab that polls). */
    reportLost(): void;
    /**
     * A call got an answer: the server is back, unless the call was sent before the loss began (an
     * answer already on its way when the server went away proves nothing about it now).
     */
    reportAlive(sentAt?: number): void;
    /** Polls at once (the "Retry now" button, the browser's `online` event, the page shown again). */
    retryNow(): void;
    /** Resolves when the connection is (back) online, or when `signal` aborts (the waiter is then dropped). */
    whenOnline(signal?: AbortSignal): Promise<void>;
    /** How many calls wait for the connection to come back (to re-send). */
    get waiting(): number;
    /** Stops polling and listening; hands polling over to another tab first. */
    dispose(): void;
}
