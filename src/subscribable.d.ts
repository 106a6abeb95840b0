/**
 * How the library's framework-free objects announce a change (TanStack's `subscribable.ts`):
 * `subscribe(listener)` returns the function that unsubscribes it. Apps hear of changes through
 * `env.bus` events; the library's own objects (the connection monitor, the notification store, the
 * session) through this.
 */
export declare class Subscribable<Listener extends (...args: never[]) => void = () => void> {
    protected readonly listeners: Set<Listener>;
    /** Calls `listener` at each change; returns the function that stops it. */
    subscribe(listener: Listener): () => void;
    /** Calls every listener (one unsubscribed meanwhile is still called this once). */
    protected notify(...args: Parameters<Listener>): void;
}
