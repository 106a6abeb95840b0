/** The options of cached reads (`settings.cache`, `orm.cache(options)`), checked and completed. */
import { MAX_TIMER_DELAY } from "../../../browser.js";
import { isRecord } from "../../../checks.js";

export interface ResolvedCacheOptions {
  type: "ram" | "disk";
  update: "once" | "always";
  maxAge: number;
  onUpdate: ((result: unknown, changed: boolean) => void) | undefined;
  live: boolean;
}

export const DEFAULT_CACHE_OPTIONS = { type: "ram", update: "once", maxAge: Number.POSITIVE_INFINITY } as const;
const CACHE_KEYS = ["type", "update", "maxAge", "onUpdate", "live"];

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
  const live = given.live ?? false;
  if (live !== false && (live !== true || update !== "always" || !given.onUpdate)) {
    throw new TypeError(`${where}.live must be false, or true with update "always" and onUpdate`);
  }
  return { type, update, maxAge, onUpdate: given.onUpdate as ResolvedCacheOptions["onUpdate"], live };
}

