/** The small checks that several features' options share: one copy each, one wording of each error. */
import { MAX_TIMER_DELAY } from "./browser.js";

/** A value as an error message shows it: its JSON, else its string (undefined, a function, a cycle). */
export function show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** An object that is not null and not an array (a record of options, kwargs, a reply envelope). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An object made by `{}` or `Object.create(null)`: JSON's own kind of object, no class instance. */
export function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

/** Refuses a delay a timer cannot keep, naming `where`: a number of ms from `min` to 2^31-1. */
export function checkDelay(where: string, value: unknown, min = 0): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > MAX_TIMER_DELAY) {
    throw new TypeError(`${where} must be a number of ms from ${min} to 2^31-1 (${MAX_TIMER_DELAY}), got ${String(value)}`);
  }
}
