/** Small helpers for values a client sent (untrusted JSON): their shape, and how an error message quotes them. */

/** A JSON object, a dictionary in Python's terms: not null, not a list. */
export const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * `value` as an error message quotes it: its JSON (`String()` for what JSON cannot write, such as
 * `undefined`), cut at `max` characters when given (a close reason, a long list sent back).
 * @example show("sale.order") // '"sale.order"'
 */
export function show(value: unknown, max?: number): string {
  const text = JSON.stringify(value) ?? String(value);
  return max === undefined ? text : text.slice(0, max);
}
