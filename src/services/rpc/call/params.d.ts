/** A JSON value, as the params are sent. */
export type JSONValue = string | number | boolean | null | JSONValue[] | {
    [key: string]: JSONValue;
};
/**
 * Checks the caller's params and returns the JSON value that will be sent, or throws
 * {@link RPCParamsError} naming the first value JSON cannot carry faithfully: cycles, functions,
 * symbols, BigInt, NaN and ±Infinity, `undefined` in arrays, sparse arrays, Map, Set and other
 * class instances, symbol keys, and getters that throw. Dates become ISO strings, and objects with
 * a `toJSON()` (Luxon's DateTime…) are sent as it returns. `undefined` properties are left out, as
 * `JSON.stringify` does. The params are never changed: what needs converting is copied (with the
 * objects that contain it), and params that are JSON already come back as they are, so the common
 * call allocates next to nothing here (V8's list of symbol keys per object).
 */
export declare function serializeParams(route: string, params: unknown): {
    [key: string]: JSONValue;
};
/** Params in a canonical form (keys sorted at every depth): equal params, one key, whatever their key order. */
export declare function canonicalJSON(value: unknown): string;
/**
 * How deep a server's answer may nest (`[[1]]` is 2): Odoo's data never goes past a few dozen
 * levels, and a walk this deep fits any browser's stack. JSON.parse takes deeper text; the walks
 * of the library (copies, the cache's JSON.stringify) would overflow on it.
 */
export declare const MAX_JSON_DEPTH = 256;
/**
 * A deep copy of a JSON value (what JSON.parse gives: plain objects, arrays, primitives), for
 * each caller of a shared or cached read. Spread and `slice` copy a level at once (V8 clones an
 * object of a known shape in one step), and only the objects and arrays inside are walked: about
 * three times cheaper than a key-by-key copy, ten times cheaper than JSON.parse. A spread defines
 * an own "__proto__" key as data, never as the copy's prototype, and a later write to it stays data.
 * A value nested deeper than {@link MAX_JSON_DEPTH} is refused with a RangeError saying how deep.
 */
export declare function copyJSON<T>(value: T, level?: number): T;
