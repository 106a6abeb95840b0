/**
 * The browser globals the library uses, reached late: every member looks the global up when it is
 * used, never at import. Tests swap one with `vi.spyOn(browser, "XMLHttpRequest", "get")` or by
 * assigning a function member, and fake timers installed after import still apply.
 */
export type TimeoutId = ReturnType<typeof setTimeout>;

/** The longest delay a timer keeps (2³¹−1 ms, about 24.8 days): a longer one fires at once, so delays beyond it are refused. */
export const MAX_TIMER_DELAY = 2 ** 31 - 1;

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
  get indexedDB() {
    return globalThis.indexedDB ?? undefined;
  },
  get localStorage() {
    try {
      return globalThis.localStorage ?? undefined;
    } catch {
      return undefined; // reading it throws a SecurityError where storage is denied
    }
  },
  get locks() {
    return globalThis.navigator?.locks ?? undefined;
  },
  get subtle() {
    return globalThis.crypto?.subtle ?? undefined;
  },
  randomUUID: () => {
    const crypto = globalThis.crypto;
    if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6]! & 0x0f) | 0x40;
    bytes[8] = (bytes[8]! & 0x3f) | 0x80;
    const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  },
};

/** The globals only the bus (`owl-services/bus`) reaches: apart from `browser`, so apps without it ship none of this. */
export interface SocketGlobals {
  /** `undefined` where the platform has none (Node 20; tests set a class here, `ws`'s or a fake). */
  readonly WebSocket: typeof WebSocket | undefined;
  /** The page's address (`location.href`): a relative bus URL is resolved against it. */
  readonly href: string | undefined;
}

export const socketGlobals: SocketGlobals = {
  get WebSocket() {
    return typeof globalThis.WebSocket === "function" ? globalThis.WebSocket : undefined;
  },
  get href() {
    return globalThis.location?.href;
  },
};
