/**
 * The browser globals the library uses, reached late: every member looks the global up when it is
 * used, never at import. Tests swap one with `vi.spyOn(browser, "XMLHttpRequest", "get")` or by
 * assigning a function member, and fake timers installed after import still apply.
 */
export type TimeoutId = ReturnType<typeof setTimeout>;
/** The longest delay a timer keeps (2³¹−1 ms, about 24.8 days): a longer one fires at once, so delays beyond it are refused. */
export declare const MAX_TIMER_DELAY: number;
export interface Browser {
    setTimeout(callback: () => void, delay: number): TimeoutId;
    clearTimeout(id: TimeoutId | undefined): void;
    /** Milliseconds since the epoch (`Date.now`). */
    now(): number;
    /** A number in [0, 1) (`Math.random`). */
    random(): number;
    readonly XMLHttpRequest: typeof XMLHttpRequest;
    /** `undefined` where the platform has none (old browsers, some test DOMs). */
    readonly BroadcastChannel: typeof BroadcastChannel | undefined;
    readonly document: Document;
    /** `window.addEventListener`: `online`, `offline`, `unhandledrejection`, `pagehide`. */
    addEventListener(type: string, listener: EventListener): void;
    removeEventListener(type: string, listener: EventListener): void;
    /** Reloads the page (offered after a session expired). */
    reload(): void;
    /** Writes text to the clipboard; rejects where the page has no clipboard access. */
    writeClipboard(text: string): Promise<void>;
    /** `undefined` where the platform has none (some test DOMs, some private modes). */
    readonly indexedDB: IDBFactory | undefined;
    /** `undefined` where the platform has none or refuses it (sandboxed frames, some private modes). */
    readonly localStorage: Storage | undefined;
    /** A random (v4) UUID; also on pages that are not a secure context, where crypto.randomUUID is missing. */
    randomUUID(): string;
    /** `navigator.locks` (Web Locks), shared by the tabs of an origin; `undefined` where the platform has none. */
    readonly locks: LockManager | undefined;
    /** Web Crypto's `crypto.subtle`; `undefined` on pages that are not a secure context. */
    readonly subtle: SubtleCrypto | undefined;
}
export declare const browser: Browser;
