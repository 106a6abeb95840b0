import { isPlainObject } from "../../../checks.js";
import { RPCParamsError } from "../errors.js";

/** A JSON value, as the params are sent. */
export type JSONValue = string | number | boolean | null | JSONValue[] | { [key: string]: JSONValue };

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `params.args[0].name`, from the keys walked so far: built only when something is wrong. */
function pathOf(keys: readonly (string | number)[]): string {
  let path = "params";
  for (const key of keys) {
    if (typeof key === "number") path += `[${key}]`;
    else path += IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  }
  return path;
}

function describe(value: object): string {
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name ? `a ${name}` : "an object with a custom prototype";
}

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
export function serializeParams(route: string, params: unknown): { [key: string]: JSONValue } {
  if (params === undefined) {
    return {};
  }
  let plain: boolean;
  try {
    plain = typeof params === "object" && params !== null && !Array.isArray(params) && isPlainObject(params);
  } catch (error) {
    throw new RPCParamsError(route, "params", `cannot be read (${error instanceof Error ? error.message : String(error)}), so it cannot be sent`);
  }
  if (!plain) {
    const what = params === null ? "null" : Array.isArray(params) ? "an array" : typeof params === "object" ? describe(params as object) : typeof params;
    throw new RPCParamsError(route, "params", `must be a plain object, got ${what}`);
  }
  try {
    return READER.read(params);
  } catch (error) {
    if (error instanceof UnsendableValue) throw new RPCParamsError(route, pathOf(error.keys), error.problem);
    throw error;
  }
}

/** Thrown inside the walk; each level it crosses on its way up adds its key, so the path costs nothing until a value is wrong. */
class UnsendableValue {
  readonly keys: (string | number)[] = [];
  constructor(readonly problem: string) {}
}

/**
 * The walk through a call's params. One reader serves every call (a call allocates nothing here
 * when its params are JSON already); a `toJSON()` that makes an rpc call itself gets a reader of its own.
 */
class ParamsReader {
  /** The objects from params down to the value being read, to find cycles. */
  readonly #ancestors: object[] = [];
  #busy = false;

  read(params: unknown): { [key: string]: JSONValue } {
    if (this.#busy) return new ParamsReader().read(params);
    this.#busy = true;
    try {
      return this.#visit(params) as { [key: string]: JSONValue };
    } finally {
      this.#busy = false;
    }
  }

  #fail(problem: string): never {
    throw new UnsendableValue(problem);
  }

  #failAt(key: string | number, problem: string): never {
    const error = new UnsendableValue(problem);
    error.keys.push(key);
    throw error;
  }

  /** Reading `value` itself (its keys, its prototype) may throw too, through a Proxy: say so with the path. */
  #visit(value: unknown): JSONValue | undefined {
    try {
      return this.#visitValue(value);
    } catch (error) {
      if (error instanceof UnsendableValue) throw error;
      return this.#fail(`cannot be read (${error instanceof Error ? error.message : String(error)}), so it cannot be sent`);
    }
  }

  /** `visit` for the item at `key`: a failure below gets the key on its path. */
  #visitAt(value: unknown, key: string | number): JSONValue | undefined {
    try {
      return this.#visit(value);
    } catch (error) {
      if (error instanceof UnsendableValue) error.keys.unshift(key);
      throw error;
    }
  }

  #visitValue(value: unknown): JSONValue | undefined {
    switch (typeof value) {
      case "string":
      case "boolean":
        return value;
      case "number":
        return Number.isFinite(value) ? value : this.#fail(`is ${String(value)}, which JSON cannot carry`);
      case "undefined":
        return undefined;
      case "bigint":
        return this.#fail(`is a BigInt (${value}n), which JSON cannot carry: send it as a string or a number`);
      case "function":
        return this.#fail("is a function, which JSON cannot carry");
      case "symbol":
        return this.#fail(`is a symbol (${value.toString()}), which JSON cannot carry`);
    }
    if (value === null) {
      return null;
    }
    const object = value as object;
    if (object instanceof Date) {
      return Number.isNaN(object.getTime()) ? this.#fail("is an invalid Date") : object.toISOString();
    }
    if (this.#ancestors.includes(object)) {
      return this.#fail("refers back to an object that contains it (a cycle), which JSON cannot carry");
    }
    this.#ancestors.push(object);
    try {
      return Array.isArray(object) ? this.#visitArray(object) : this.#visitObject(object);
    } finally {
      this.#ancestors.pop();
    }
  }

  /** The array itself, or a copy if an item had to be converted. */
  #visitArray(array: unknown[]): JSONValue[] {
    let copy: JSONValue[] | undefined;
    for (let i = 0; i < array.length; i++) {
      if (!(i in array)) this.#failAt(i, "is a hole in a sparse array, which JSON would send as null");
      const item = array[i];
      const sent = this.#visitAt(item, i);
      if (sent === undefined) this.#failAt(i, "is undefined inside an array, which JSON would send as null");
      if (sent !== item && !copy) copy = this.#copyBefore(array, i);
      if (copy) copy.push(sent!);
    }
    return copy ?? (array as JSONValue[]);
  }

  /** `object[key]`, a getter that throws named with its path. */
  #readAt(object: object, key: string): unknown {
    try {
      return (object as Record<string, unknown>)[key];
    } catch (error) {
      return this.#failAt(key, `has a getter that throws (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  /**
   * The copy of `container` up to (not including) `end`, made when the value at `end` is the first
   * one not sent as it is. The values before it are read and checked again, not taken as read the
   * first time: a getter or a Proxy may answer differently, and only checked values are sent.
   */
  #copyBefore(container: unknown[], end: number): JSONValue[];
  #copyBefore(container: object, end: string): { [key: string]: JSONValue };
  #copyBefore(container: object, end: string | number): JSONValue[] | { [key: string]: JSONValue } {
    if (Array.isArray(container)) {
      const copy: JSONValue[] = [];
      for (let i = 0; i < (end as number); i++) {
        const sent = this.#visitAt(container[i], i);
        if (sent === undefined) this.#failAt(i, "is undefined inside an array, which JSON would send as null");
        copy.push(sent!);
      }
      return copy;
    }
    const copy: { [key: string]: JSONValue } = {};
    for (const key in container) {
      if (key === end) break;
      if (!Object.hasOwn(container, key)) continue;
      const sent = this.#visitAt(this.#readAt(container, key), key);
      if (sent !== undefined) setOwn(copy, key, sent);
    }
    return copy;
  }

  /** The object itself, or a copy without its undefined values and with its converted ones. */
  #visitObject(object: object): JSONValue | undefined {
    if (!isPlainObject(object)) {
      const toJSON = (object as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === "function") {
        return this.#visit(toJSON.call(object));
      }
      return this.#fail(`is ${describe(object)}, which JSON cannot carry: send a plain object or array`);
    }
    const symbolKey = enumerableSymbol(object);
    if (symbolKey) this.#fail(`has a symbol key (${symbolKey.toString()}), which JSON cannot carry`);
    let copy: { [key: string]: JSONValue } | undefined;
    // for…in over own keys (the prototype is Object.prototype or null): no array of keys per object.
    for (const key in object) {
      if (!Object.hasOwn(object, key)) continue;
      const item = this.#readAt(object, key);
      const sent = this.#visitAt(item, key);
      if ((sent !== item || sent === undefined) && !copy) copy = this.#copyBefore(object, key);
      if (copy && sent !== undefined) setOwn(copy, key, sent);
    }
    return copy ?? (object as { [key: string]: JSONValue });
  }
}

const READER = new ParamsReader();

/** An enumerable symbol key of `object`, if any (JSON would drop it without a word). */
function enumerableSymbol(object: object): symbol | undefined {
  const symbols = Object.getOwnPropertySymbols(object);
  for (let i = 0; i < symbols.length; i++) {
    if (Object.prototype.propertyIsEnumerable.call(object, symbols[i]!)) return symbols[i];
  }
  return undefined;
}

/** `out[key] = value`, an own "__proto__" key included (data to send, not the copy's prototype). */
function setOwn(out: { [key: string]: JSONValue }, key: string, value: JSONValue): void {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** Params in a canonical form (keys sorted at every depth): equal params, one key, whatever their key order. */
export function canonicalJSON(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? String(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "object":
      break;
    default:
      return JSON.stringify(value) ?? "undefined";
  }
  if (value === null) return "null";
  // Plain loops and one string: a cached read builds its key on every hit.
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += (i ? "," : "") + canonicalJSON(value[i]);
    return `${out}]`;
  }
  const keys = Object.keys(value);
  if (keys.length > 1) keys.sort();
  let out = "{";
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    out += `${i ? "," : ""}${quotedKey(key)}:${canonicalJSON((value as Record<string, unknown>)[key])}`;
  }
  return `${out}}`;
}

/** Keys as JSON strings, remembered: params use a few dozen keys (model, args, kwargs, context…) over and over. */
const quotedKeys = new Map<string, string>();

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    // Bounded: keys made of data (ids as keys) must not grow it for ever.
    if (quotedKeys.size < 1000 && key.length < 64) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/**
 * How deep a server's answer may nest (`[[1]]` is 2): Odoo's data never goes past a few dozen
 * levels, and a walk this deep fits any browser's stack. JSON.parse takes deeper text; the walks
 * of the library (copies, the cache's JSON.stringify) would overflow on it.
 */
export const MAX_JSON_DEPTH = 256;

const isObject = (value: unknown): value is object => typeof value === "object" && value !== null;

/** How many levels `value` nests, counted level by level without recursion (to say how deep a refused answer is). */
function depthOf(value: unknown): number {
  let depth = 0;
  for (let level = [value].filter(isObject); level.length; depth++) level = level.flatMap((item) => Object.values(item)).filter(isObject);
  return depth;
}

/**
 * A deep copy of a JSON value (what JSON.parse gives: plain objects, arrays, primitives), for
 * each caller of a shared or cached read. Spread and `slice` copy a level at once (V8 clones an
 * object of a known shape in one step), and only the objects and arrays inside are walked: about
 * three times cheaper than a key-by-key copy, ten times cheaper than JSON.parse. A spread defines
 * an own "__proto__" key as data, never as the copy's prototype, and a later write to it stays data.
 * A value nested deeper than {@link MAX_JSON_DEPTH} is refused with a RangeError saying how deep.
 */
export function copyJSON<T>(value: T, level = 1): T {
  if (typeof value !== "object" || value === null) return value;
  if (level > MAX_JSON_DEPTH) throw new RangeError(`a result nested ${level - 1 + depthOf(value)} levels deep (limit ${MAX_JSON_DEPTH})`);
  if (Array.isArray(value)) {
    const copy = value.slice();
    for (let i = 0; i < copy.length; i++) {
      const item: unknown = copy[i];
      if (typeof item === "object" && item !== null) copy[i] = copyJSON(item, level + 1);
    }
    return copy as T;
  }
  const copy = { ...value } as Record<string, unknown>;
  for (const key in copy) {
    const item = copy[key];
    if (typeof item === "object" && item !== null) copy[key] = copyJSON(item, level + 1);
  }
  return copy as T;
}
