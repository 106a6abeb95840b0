/** Python's argument binding for model methods, and the checks of each argument's shape. */
import { PyTypeError, PyValueError } from "../errors";
import type { CallLimits } from "../limits";
import type { Param } from "../models/base/model";
import { checkDomainCost } from "./limits";
import { show } from "../values";


/** Binds `args` then `kwargs` to `params` as Python does, with Python's messages for each mistake. */
export function bindArguments(method: string, params: Param[], args: unknown[], kwargs: Record<string, unknown>): Record<string, unknown> {
  if (args.length > params.length) {
    throw new PyTypeError(`${method}() takes at most ${params.length} positional argument${params.length === 1 ? "" : "s"} but ${args.length} were given`);
  }
  const bound: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  params.forEach((param, index) => {
    if (index < args.length) bound[param.name] = args[index];
  });
  for (const [key, value] of Object.entries(kwargs)) {
    const param = params.find((candidate) => candidate.name === key);
    if (!param) throw new PyTypeError(`${method}() got an unexpected keyword argument '${key}'`);
    if (key in bound) throw new PyTypeError(`${method}() got multiple values for argument '${key}'`);
    bound[key] = value;
  }
  const missing = params.filter((param) => !(param.name in bound) && !("default" in param)).map((param) => `'${param.name}'`);
  if (missing.length) {
    throw new PyTypeError(`${method}() missing ${missing.length} required positional argument${missing.length === 1 ? "" : "s"}: ${missing.join(" and ")}`);
  }
  for (const param of params) if (!(param.name in bound)) bound[param.name] = param.default;
  return bound;
}

/** Checks of bound values, each naming the method and the argument. */
export const check = {
  /** A domain within the call's bounds (leaves, relations followed, pattern lengths), checked before any SQL. */
  domain(method: string, name: string, value: unknown, limits: CallLimits): unknown[] {
    if (value === null || value === undefined || value === false) return [];
    if (!Array.isArray(value)) throw new PyValueError(`${method}(): ${name} must be a domain (a list of terms), got ${show(value)}`);
    checkDomainCost(`${method}()`, value, limits);
    return value;
  },
  fields(method: string, name: string, value: unknown): string[] | null {
    if (value === null || value === undefined || value === false) return null;
    if (typeof value === "string") return [value];
    if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
      throw new PyValueError(`${method}(): ${name} must be a list of field names, got ${show(value)}`);
    }
    return value as string[];
  },
  count(method: string, name: string, value: unknown, empty: number | null): number | null {
    if (value === null || value === undefined || value === false) return empty;
    if (!Number.isSafeInteger(value) || (value as number) < 0) throw new PyValueError(`${method}(): ${name} must be a non-negative integer, got ${show(value)}`);
    return value as number;
  },
  string(method: string, name: string, value: unknown): string {
    if (typeof value !== "string") throw new PyValueError(`${method}(): ${name} must be a string, got ${show(value)}`);
    return value;
  },
  boolean(method: string, name: string, value: unknown): boolean {
    if (typeof value !== "boolean") throw new PyValueError(`${method}(): ${name} must be true or false, got ${show(value)}`);
    return value;
  },
  /** Record ids as `browse` takes them: one id or a list of positive integers. */
  ids(method: string, value: unknown): number[] {
    const ids = typeof value === "number" ? [value] : value;
    if (!Array.isArray(ids) || !ids.every((id) => Number.isSafeInteger(id) && id > 0)) {
      throw new PyValueError(`${method}(): the record ids (args[0]) must be a list of positive integers, got ${show(value)}`);
    }
    return ids as number[];
  },
};
