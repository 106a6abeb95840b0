/** Options of shared and cached reads, and which calls are writes (never shared, cached or blindly re-sent). */
import { MAX_TIMER_DELAY } from "../../browser.js";
import { isRecord } from "../../checks.js";

/** How a read is cached (`rpc(route, params, { cache })`, `orm.cache(options)`), with Odoo 19's shape. */
export interface RPCCacheOptions<T = unknown> {
  /** `"ram"`: this page's memory; `"disk"`: IndexedDB, survives a reload. @default "ram" */
  type?: "ram" | "disk";
  /** `"once"`: a stored value is the answer; `"always"`: answer with it, then ask the server and call `onUpdate`. @default "once" */
  update?: "once" | "always";
  /** Stored values older than this (ms) are not used. @default no limit */
  maxAge?: number;
  /** With `update: "always"`: the server's fresh value, and whether it differs from the one returned. */
  onUpdate?(result: T, changed: boolean): void;
}

export interface ResolvedCacheOptions {
  type: "ram" | "disk";
  update: "once" | "always";
  maxAge: number;
  onUpdate: ((result: unknown, changed: boolean) => void) | undefined;
}

export const DEFAULT_CACHE_OPTIONS = { type: "ram", update: "once", maxAge: Number.POSITIVE_INFINITY } as const;
/** The header that carries a write's idempotency key (IETF draft "The Idempotency-Key HTTP Header Field"). */
export const IDEMPOTENCY_HEADER = "Idempotency-Key";
/** Odoo 17's model methods that only read: shared by default, cacheable, safe to re-send. Any other is a write unless the call declares `kind: "read"`. */
export const READ_METHODS: readonly string[] = [
  "read",
  "search",
  "search_read",
  "search_fetch",
  "search_count",
  "read_group",
  "web_read",
  "web_search_read",
  "web_read_group",
  "read_progress_bar",
  "fields_get",
  "name_search",
  "default_get",
  "onchange",
];

const CACHE_KEYS = ["type", "update", "maxAge", "onUpdate"];

/** Checks and completes `settings.cache`, naming the route and the option that is wrong. */
export function resolveCacheOptions(route: string, options: unknown): ResolvedCacheOptions {
  const where = `rpc ${route}: settings.cache`;
  if (!isRecord(options)) {
    throw new TypeError(`${where} must be an object such as { type: "ram", update: "once" }, got ${options === null ? "null" : typeof options}`);
  }
  const given = options as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!CACHE_KEYS.includes(key)) throw new TypeError(`${where} has an unknown option "${key}"; valid options are ${CACHE_KEYS.join(", ")}`);
  }
  const type = given.type ?? DEFAULT_CACHE_OPTIONS.type;
  if (type !== "ram" && type !== "disk") throw new TypeError(`${where}.type must be "ram" or "disk", got ${JSON.stringify(type)}`);
  const update = given.update ?? DEFAULT_CACHE_OPTIONS.update;
  if (update !== "once" && update !== "always") throw new TypeError(`${where}.update must be "once" or "always", got ${JSON.stringify(update)}`);
  const maxAge = given.maxAge ?? DEFAULT_CACHE_OPTIONS.maxAge;
  if (typeof maxAge !== "number" || Number.isNaN(maxAge) || maxAge < 0 || (Number.isFinite(maxAge) && maxAge > MAX_TIMER_DELAY)) {
    throw new TypeError(`${where}.maxAge must be a number of ms from 0 to 2^31-1, got ${String(maxAge)}`);
  }
  if (given.onUpdate !== undefined && typeof given.onUpdate !== "function") {
    throw new TypeError(`${where}.onUpdate must be a function, got ${typeof given.onUpdate}`);
  }
  return { type, update, maxAge, onUpdate: given.onUpdate as ResolvedCacheOptions["onUpdate"] };
}

/** The call_kw method of a call, or undefined for other routes. */
export function callKwMethod(route: string, params: unknown): { model: string; method: string } | undefined {
  if (!route.startsWith("/web/dataset/call_kw")) return undefined;
  const { model, method } = (params ?? {}) as { model?: unknown; method?: unknown };
  return typeof model === "string" && typeof method === "string" ? { model, method } : undefined;
}

/** Whether a call is a write (never shared, cached or blindly re-sent): as its settings declare, else by its call_kw method. */
export function isWrite(route: string, params: unknown, kind: "read" | "write" | undefined): boolean {
  if (kind !== undefined) return kind === "write";
  const call = callKwMethod(route, params);
  return call !== undefined && !READ_METHODS.includes(call.method);
}

/** What a cached read is filed under, so a write on its model drops it: the model, else the route. */
export function cacheTag(route: string, params: unknown): string {
  return callKwMethod(route, params)?.model ?? route;
}

/** Params in a canonical form (keys sorted at every depth): equal params, one key, whatever their key order. */
export function canonicalJSON(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJSON).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJSON((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}
