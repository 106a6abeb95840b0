import type { RPCSettings } from "../types.js";
import { checkDelay, show } from "../../../checks.js";

/** Polled while the connection is lost. */
export const DEFAULT_HEARTBEAT_ROUTE = "/web/webclient/version_info";
/**
 * The first reconnection window, in ms: each tab polls once within it, then once within each next
 * window, twice as long, up to the cap. 5 s keeps 10,000 tabs that lost one server together
 * under 2,500 polls per second (10,000 / 5 s, evenly spread).
 */
export const DEFAULT_RECONNECT_DELAY = 5000;
/** The largest reconnection delay, in ms: the longest a restored server goes unnoticed. */
export const DEFAULT_RECONNECT_MAX_DELAY = 30_000;
/** The header that carries a write's idempotency key (IETF draft "The Idempotency-Key HTTP Header Field"). */
export const IDEMPOTENCY_HEADER = "Idempotency-Key";
/** The version cached reads are kept for. */
export const DEFAULT_CACHE_VERSION = "1";
/** How many times a `retry: true` call is re-sent at most. */
export const DEFAULT_RETRY_ATTEMPTS = 2;

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


/** RFC 9110 token: what XMLHttpRequest accepts as a header name. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const SETTINGS_KEYS = ["silent", "headers", "timeout", "signal", "retry", "share", "cache", "idempotencyKey", "kind", "invalidates"];
/** What XMLHttpRequest accepts as a header value: no NUL, CR or LF, and nothing past U+00FF. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

export function resolveRPCConfig(config: RPCConfig = {}): ResolvedRPCConfig {
  const resolved: ResolvedRPCConfig = {
    heartbeatRoute: config.heartbeatRoute ?? DEFAULT_HEARTBEAT_ROUTE,
    reconnectDelay: config.reconnectDelay ?? DEFAULT_RECONNECT_DELAY,
    reconnectMaxDelay: config.reconnectMaxDelay ?? DEFAULT_RECONNECT_MAX_DELAY,
    timeout: config.timeout,
    shareConnectionState: config.shareConnectionState ?? true,
    cacheVersion: config.cacheVersion ?? DEFAULT_CACHE_VERSION,
    cacheSecret: config.cacheSecret,
  };
  if (resolved.cacheSecret !== undefined && typeof resolved.cacheSecret !== "function") {
    throw new TypeError(`config.rpc.cacheSecret must be a function that gives the secret, got ${typeof resolved.cacheSecret}`);
  }
  if (typeof resolved.cacheVersion !== "string" || !resolved.cacheVersion) {
    throw new TypeError(`config.rpc.cacheVersion must be a non-empty string, got ${show(resolved.cacheVersion)}`);
  }
  if (typeof resolved.heartbeatRoute !== "string" || !resolved.heartbeatRoute) {
    throw new TypeError(`config.rpc.heartbeatRoute must be a non-empty string, got ${String(resolved.heartbeatRoute)}`);
  }
  checkDelay("config.rpc.reconnectDelay", resolved.reconnectDelay, 1);
  checkDelay("config.rpc.reconnectMaxDelay", resolved.reconnectMaxDelay, 1);
  if (resolved.reconnectMaxDelay < resolved.reconnectDelay) {
    throw new TypeError(
      `config.rpc.reconnectMaxDelay (${resolved.reconnectMaxDelay}) must be ≥ config.rpc.reconnectDelay (${resolved.reconnectDelay})`,
    );
  }
  if (resolved.timeout !== undefined) {
    checkDelay("config.rpc.timeout", resolved.timeout, 1);
  }
  return resolved;
}

/** Throws a TypeError naming the route and what is wrong with `settings`. */
export function checkRPCSettings(route: string, settings: RPCSettings): void {
  if (typeof settings !== "object" || settings === null) {
    throw new TypeError(`rpc ${route}: settings must be an object, got ${settings === null ? "null" : typeof settings}`);
  }
  for (const key in settings) {
    if (Object.hasOwn(settings, key) && !SETTINGS_KEYS.includes(key)) {
      throw new TypeError(`rpc ${route}: unknown setting "${key}"; valid settings are ${SETTINGS_KEYS.join(", ")}`);
    }
  }
  if (settings.timeout !== undefined) {
    checkDelay(`rpc ${route}: settings.timeout`, settings.timeout, 1);
  }
  if (settings.retry !== undefined && typeof settings.retry !== "boolean" && !(Number.isInteger(settings.retry) && settings.retry >= 0)) {
    throw new TypeError(`rpc ${route}: settings.retry must be a boolean or a whole number ≥ 0, got ${String(settings.retry)}`);
  }
  if (settings.headers !== undefined) {
    if (typeof settings.headers !== "object" || settings.headers === null) {
      throw new TypeError(`rpc ${route}: settings.headers must be an object of strings`);
    }
    for (const [name, value] of Object.entries(settings.headers)) {
      if (!HEADER_NAME.test(name)) {
        throw new TypeError(`rpc ${route}: settings.headers has an invalid header name ${JSON.stringify(name)}`);
      }
      if (typeof value !== "string") {
        throw new TypeError(`rpc ${route}: settings.headers["${name}"] must be a string, got ${typeof value}`);
      }
      if (!HEADER_VALUE.test(value)) {
        throw new TypeError(`rpc ${route}: settings.headers["${name}"] holds a character no browser sends in a header (a line break, NUL or one past U+00FF): ${JSON.stringify(value)}`);
      }
    }
  }
  if (settings.signal !== undefined && !(typeof settings.signal === "object" && settings.signal !== null && "aborted" in settings.signal)) {
    throw new TypeError(`rpc ${route}: settings.signal must be an AbortSignal`);
  }
  if (settings.share !== undefined && typeof settings.share !== "boolean") {
    throw new TypeError(`rpc ${route}: settings.share must be true or false, got ${String(settings.share)}`);
  }
  if (settings.kind !== undefined && settings.kind !== "read" && settings.kind !== "write") {
    throw new TypeError(`rpc ${route}: settings.kind must be "read" or "write", got ${show(settings.kind)}`);
  }
  const { invalidates } = settings;
  if (invalidates !== undefined && !(Array.isArray(invalidates) && invalidates.every((model) => typeof model === "string" && model.length > 0))) {
    throw new TypeError(`rpc ${route}: settings.invalidates must be an array of model names, got ${show(invalidates)}`);
  }
  const key = settings.idempotencyKey;
  if (key !== undefined && key !== true && !(typeof key === "string" && /^[\x21-\x7e]{1,255}$/.test(key))) {
    throw new TypeError(`rpc ${route}: settings.idempotencyKey must be true or 1 to 255 visible ASCII characters, got ${show(key)}`);
  }
}

/** How many times a call may be re-sent. */
export function retryAttempts(settings: RPCSettings): number {
  if (settings.retry === true) return DEFAULT_RETRY_ATTEMPTS;
  return typeof settings.retry === "number" ? settings.retry : 0;
}

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
export function reconnectAt(attempt: number, options: ReconnectOptions, phase: number): number {
  const { reconnectDelay: first, reconnectMaxDelay: cap } = options;
  // Windows before the cap: first × 2^k for k < doubling; from there on, cap.
  const doubling = Math.max(0, Math.ceil(Math.log2(cap / first)));
  const k = Math.max(0, Math.floor(attempt));
  const start = k <= doubling ? first * (2 ** k - 1) : first * (2 ** doubling - 1) + (k - doubling) * cap;
  const width = k < doubling ? first * 2 ** k : cap;
  return Math.round(start + Math.min(1, Math.max(0, phase)) * width);
}

/** The wait before reconnection poll `attempt` since the one before it (since the loss for 0): at most the cap. */
export function reconnectDelay(attempt: number, options: ReconnectOptions, phase: number): number {
  return reconnectAt(attempt, options, phase) - (attempt >= 1 ? reconnectAt(attempt - 1, options, phase) : 0);
}
