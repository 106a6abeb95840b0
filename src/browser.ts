/**
 * The browser globals the library uses, reached late: every member looks the global up when it is
 * used, never at import. Tests swap one with `vi.spyOn(browser, "XMLHttpRequest", "get")` or by
 * assigning a function member, and fake timers installed after import still apply.
 */
export type TimeoutId = ReturnType<typeof setTimeout>;

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
}

export const browser: Browser = {
  setTimeout: (callback, delay) => setTimeout(callback, delay),
  clearTimeout: (id) => clearTimeout(id),
  now: () => Date.now(),
  random: () => Math.random(),
  get XMLHttpRequest() {
    return globalThis.XMLHttpRequest;
  },
  get BroadcastChannel() {
    return typeof globalThis.BroadcastChannel === "function" ? globalThis.BroadcastChannel : undefined;
  },
  get document() {
    return globalThis.document;
  },
  addEventListener: (type, listener) => globalThis.addEventListener?.(type, listener),
  removeEventListener: (type, listener) => globalThis.removeEventListener?.(type, listener),
  reload: () => globalThis.location.reload(),
  writeClipboard: async (text) => {
    const clipboard = globalThis.navigator?.clipboard;
    if (!clipboard) {
      throw new Error("The clipboard is not available on this page");
    }
    await clipboard.writeText(text);
  },
};
