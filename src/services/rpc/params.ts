import { RPCParamsError } from "./errors.js";

/** A JSON value, as the params are sent. */
export type JSONValue = string | number | boolean | null | JSONValue[] | { [key: string]: JSONValue };

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function child(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

function describe(value: object): string {
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name ? `a ${name}` : "an object with a custom prototype";
}

/**
 * Turns the caller's params into the JSON value that will be sent, without touching them, or
 * throws {@link RPCParamsError} naming the first value JSON cannot carry faithfully: cycles,
 * functions, symbols, BigInt, NaN and ±Infinity, `undefined` in arrays, sparse arrays, Map, Set
 * and other class instances, symbol keys, and getters that throw. Dates become ISO strings, and
 * objects with a `toJSON()` (Luxon's DateTime…) are sent as it returns. `undefined` properties
 * are left out, as `JSON.stringify` does.
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
  const ancestors = new Set<object>();

  /** Reading `value` itself (its keys, its prototype) may throw too, through a Proxy: say so with the path. */
  const visit = (value: unknown, path: string): JSONValue | undefined => {
    try {
      return visitValue(value, path);
    } catch (error) {
      if (error instanceof RPCParamsError) throw error;
      throw new RPCParamsError(route, path, `cannot be read (${error instanceof Error ? error.message : String(error)}), so it cannot be sent`);
    }
  };

  const visitValue = (value: unknown, path: string): JSONValue | undefined => {
    switch (typeof value) {
      case "string":
      case "boolean":
        return value;
      case "number":
        if (!Number.isFinite(value)) {
          throw new RPCParamsError(route, path, `is ${String(value)}, which JSON cannot carry`);
        }
        return value;
      case "undefined":
        return undefined;
      case "bigint":
        throw new RPCParamsError(route, path, `is a BigInt (${value}n), which JSON cannot carry: send it as a string or a number`);
      case "function":
        throw new RPCParamsError(route, path, "is a function, which JSON cannot carry");
      case "symbol":
        throw new RPCParamsError(route, path, `is a symbol (${value.toString()}), which JSON cannot carry`);
    }
    if (value === null) {
      return null;
    }
    const object = value as object;
    if (object instanceof Date) {
      if (Number.isNaN(object.getTime())) {
        throw new RPCParamsError(route, path, "is an invalid Date");
      }
      return object.toISOString();
    }
    if (ancestors.has(object)) {
      throw new RPCParamsError(route, path, "refers back to an object that contains it (a cycle), which JSON cannot carry");
    }
    ancestors.add(object);
    try {
      if (Array.isArray(object)) {
        const out: JSONValue[] = [];
        for (let i = 0; i < object.length; i++) {
          if (!(i in object)) {
            throw new RPCParamsError(route, child(path, i), "is a hole in a sparse array, which JSON would send as null");
          }
          const item = visit(object[i], child(path, i));
          if (item === undefined) {
            throw new RPCParamsError(route, child(path, i), "is undefined inside an array, which JSON would send as null");
          }
          out.push(item);
        }
        return out;
      }
      if (!isPlainObject(object)) {
        const toJSON = (object as { toJSON?: unknown }).toJSON;
        if (typeof toJSON === "function") {
          return visit(toJSON.call(object), path);
        }
        throw new RPCParamsError(route, path, `is ${describe(object)}, which JSON cannot carry: send a plain object or array`);
      }
      const symbolKey = Object.getOwnPropertySymbols(object).find((key) => Object.prototype.propertyIsEnumerable.call(object, key));
      if (symbolKey) {
        throw new RPCParamsError(route, path, `has a symbol key (${symbolKey.toString()}), which JSON cannot carry`);
      }
      const out: { [key: string]: JSONValue } = {};
      for (const key of Object.keys(object)) {
        let item: unknown;
        try {
          item = (object as Record<string, unknown>)[key];
        } catch (error) {
          throw new RPCParamsError(route, child(path, key), `has a getter that throws (${error instanceof Error ? error.message : String(error)})`);
        }
        const serialized = visit(item, child(path, key));
        if (serialized !== undefined) {
          // defineProperty: an own "__proto__" key is data to send, not the copy's prototype.
          if (key === "__proto__") Object.defineProperty(out, key, { value: serialized, enumerable: true, writable: true, configurable: true });
          else out[key] = serialized;
        }
      }
      return out;
    } finally {
      ancestors.delete(object);
    }
  };

  return visit(params, "params") as { [key: string]: JSONValue };
}
