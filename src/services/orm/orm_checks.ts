/** The orm's argument checks: each refuses, before anything is sent, naming the argument and what it got. */
import { isRecord, show } from "../../checks.js";
import type { ORMCallOptions, ORMKwargs } from "./orm_types.js";

/** A model name: dotted lower-case identifiers, `sale.order`, `res.partner`. */
const MODEL_NAME = /^[a-z_][a-z0-9_]*(\.[a-z0-9_]+)*$/;
/** A Python method name; Odoo refuses private (`_`-prefixed) ones over RPC. */
const METHOD_NAME = /^[A-Za-z]\w*$/;

/** Thrown (as a rejection) when an orm argument is wrong; nothing was sent. */
export class ORMArgumentError extends TypeError {
  override name = "ORMArgumentError" as const;
  constructor(method: string, message: string) {
    super(`orm.${method}: ${message}; nothing was sent`);
  }
}

function checkModel(method: string, model: unknown): void {
  if (typeof model !== "string" || !MODEL_NAME.test(model)) {
    throw new ORMArgumentError(method, `model must be a model name such as "sale.order", got ${show(model)}`);
  }
}

export function checkIds(method: string, ids: unknown): void {
  if (!Array.isArray(ids)) {
    throw new ORMArgumentError(method, `ids must be an array of positive integers, got ${show(ids)}`);
  }
  const bad = ids.findIndex((id) => !Number.isSafeInteger(id) || (id as number) <= 0);
  if (bad >= 0) {
    throw new ORMArgumentError(method, `ids must be positive integers, but ids[${bad}] is ${show(ids[bad])}`);
  }
}

export function checkArray(method: string, name: string, value: unknown, item?: (v: unknown) => boolean, what = "strings"): void {
  if (!Array.isArray(value)) {
    throw new ORMArgumentError(method, `${name} must be an array, got ${show(value)}`);
  }
  const bad = item ? value.findIndex((v) => !item(v)) : -1;
  if (bad >= 0) {
    throw new ORMArgumentError(method, `${name} must be an array of ${what}, but ${name}[${bad}] is ${show(value[bad])}`);
  }
}

/** Refuses field values that are not an object. */
export function checkValues(method: string, name: string, values: unknown): void {
  if (!isRecord(values)) throw new ORMArgumentError(method, `${name} must be an object of field values, got ${show(values)}`);
}

export const isString = (v: unknown) => typeof v === "string" && v.length > 0;

function checkKwargs(method: string, kwargs: unknown): void {
  if (kwargs !== undefined && !isRecord(kwargs)) {
    throw new ORMArgumentError(method, `kwargs must be an object, got ${show(kwargs)}`);
  }
  const context = (kwargs as ORMKwargs | undefined)?.context;
  if (context !== undefined && !isRecord(context)) {
    throw new ORMArgumentError(method, `kwargs.context must be an object, got ${show(context)}`);
  }
}

function checkCallOptions(where: string, options: unknown): void {
  if (options === undefined) return;
  if (!isRecord(options)) throw new ORMArgumentError(where, `options must be an object such as { kind: "read" }, got ${show(options)}`);
  for (const key of Object.keys(options as object)) {
    if (key !== "kind" && key !== "invalidates") throw new ORMArgumentError(where, `options has an unknown key "${key}"; valid keys are kind, invalidates`);
  }
  const { kind, invalidates } = options as ORMCallOptions;
  if (kind !== undefined && kind !== "read" && kind !== "write") throw new ORMArgumentError(where, `options.kind must be "read" or "write", got ${show(kind)}`);
  if (invalidates !== undefined) checkArray(where, "options.invalidates", invalidates, isString, "model names");
}

/** Checks a call's model, method, args, kwargs and options, naming what is wrong. */
export function checkCall(where: string, model: string, method: string, args: unknown[], kwargs: ORMKwargs, options: ORMCallOptions | undefined): void {
  checkModel(where, model);
  if (typeof method !== "string" || !METHOD_NAME.test(method)) {
    throw new ORMArgumentError(where, `method must be a public method name, got ${show(method)}`);
  }
  checkArray(where, "args", args);
  checkKwargs(where, kwargs);
  checkCallOptions(where, options);
}
