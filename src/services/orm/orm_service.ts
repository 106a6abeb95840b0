import type { Env, ServiceDefinition } from "../../env.js";
import type { RPC, RPCPromise } from "../rpc/types.js";
import type { RPCSettings } from "../rpc/types.js";
import { isRecord } from "../../checks.js";
import { isWrite } from "../rpc/reads/read_intent.js";
import type { JoinedRequest } from "../rpc/call/joined_calls.js";
import { joinExclusive } from "../rpc/writes/writes.js";
import { rpcLayers } from "../rpc/rpc_function.js";
import type { Domain, ORM, ORMCallOptions, ORMConfig, ORMKwargs } from "./orm_types.js";

declare module "../../env.js" {
  interface Services {
    orm: ORM;
  }
  interface Config {
    orm?: ORMConfig;
  }
}

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

const show = (value: unknown) => {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

function checkModel(method: string, model: unknown): void {
  if (typeof model !== "string" || !MODEL_NAME.test(model)) {
    throw new ORMArgumentError(method, `model must be a model name such as "sale.order", got ${show(model)}`);
  }
}

function checkIds(method: string, ids: unknown): void {
  if (!Array.isArray(ids)) {
    throw new ORMArgumentError(method, `ids must be an array of positive integers, got ${show(ids)}`);
  }
  const bad = ids.findIndex((id) => !Number.isSafeInteger(id) || (id as number) <= 0);
  if (bad >= 0) {
    throw new ORMArgumentError(method, `ids must be positive integers, but ids[${bad}] is ${show(ids[bad])}`);
  }
}

function checkArray(method: string, name: string, value: unknown, item?: (v: unknown) => boolean, what = "strings"): void {
  if (!Array.isArray(value)) {
    throw new ORMArgumentError(method, `${name} must be an array, got ${show(value)}`);
  }
  const bad = item ? value.findIndex((v) => !item(v)) : -1;
  if (bad >= 0) {
    throw new ORMArgumentError(method, `${name} must be an array of ${what}, but ${name}[${bad}] is ${show(value[bad])}`);
  }
}

const isString = (v: unknown) => typeof v === "string" && v.length > 0;

function checkKwargs(method: string, kwargs: unknown): void {
  if (kwargs !== undefined && !isRecord(kwargs)) {
    throw new ORMArgumentError(method, `kwargs must be an object, got ${show(kwargs)}`);
  }
  const context = (kwargs as ORMKwargs | undefined)?.context;
  if (context !== undefined && !isRecord(context)) {
    throw new ORMArgumentError(method, `kwargs.context must be an object, got ${show(context)}`);
  }
}

interface ORMVariant {
  /** Settings of every call (`silent`, `cache`). */
  settings: RPCSettings;
  /** Whether this orm runs its calls exclusively (`orm.exclusive`). */
  exclusive: boolean;
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

/** One call_kw call, its arguments already checked by the method that makes it: `where` names that method. */
type CallKw = <T>(where: string, model: string, method: string, args: unknown[], kwargs?: ORMKwargs, options?: ORMCallOptions) => Promise<T>;

/** Checks a call's model, method, args, kwargs and options, naming what is wrong. */
function checkCall(where: string, model: string, method: string, args: unknown[], kwargs: ORMKwargs, options: ORMCallOptions | undefined): void {
  checkModel(where, model);
  if (typeof method !== "string" || !METHOD_NAME.test(method)) {
    throw new ORMArgumentError(where, `method must be a public method name, got ${show(method)}`);
  }
  checkArray(where, "args", args);
  checkKwargs(where, kwargs);
  checkCallOptions(where, options);
}

/**
 * The rpc settings of a call: a read is shared; a write carries an idempotency key and the other
 * models it invalidates (configured, then its own); `orm.cache()` takes reads only.
 */
function callSettings(where: string, route: string, params: object, base: RPCSettings, read: RPCSettings, options: ORMCallOptions | undefined, configured: string[] | undefined): RPCSettings {
  if (!isWrite(route, params, options?.kind)) return read;
  const { model, method } = params as { model: string; method: string };
  if (base.cache) {
    throw new ORMArgumentError(where, `${model}.${method} is a write, and orm.cache() is for reads: make it through the orm itself (or declare { kind: "read" } for a method that only reads)`);
  }
  const invalidates = [...(configured ?? []), ...(options?.invalidates ?? [])];
  return { ...base, idempotencyKey: true, kind: "write", ...(invalidates.length ? { invalidates } : {}) };
}

/**
 * Sends a call exclusively: an equal one still pending in the env is joined (each caller its own
 * promise). An rpc that is not the library's own (a test double) gets a table of this orm's own.
 */
function sendExclusive<T>(rpc: RPC, fallback: () => Map<string, JoinedRequest>, route: string, params: object, settings: RPCSettings, send: () => RPCPromise<unknown>): Promise<T> {
  const writes = rpcLayers(rpc)?.writes;
  return writes ? writes.sendExclusive<T>(route, params, settings, send) : joinExclusive<T>(fallback(), route, params, settings, send);
}

/** Runs `check` first, so a bad argument rejects without a request. */
function guarded<T>(check: () => void, send: () => Promise<T>): Promise<T> {
  try {
    check();
  } catch (error) {
    return Promise.reject(error);
  }
  return send();
}

/** The orm's model methods, each checking its own arguments before `call` builds the call_kw call. */
function modelMethods(call: CallKw): Omit<ORM, "silent" | "cache" | "invalidate" | "exclusive"> {
  return {
    call: (model, method, args = [], kwargs = {}, options) => call("call", model, method, args, kwargs, options),
    create: (model, records, kwargs) =>
      guarded(
        () => checkArray("create", "records", records, isRecord, "objects"),
        () => call("create", model, "create", [records], kwargs),
      ),
    read: (model, ids, fields, kwargs) =>
      guarded(
        () => {
          checkIds("read", ids);
          checkArray("read", "fields", fields, isString);
        },
        () => call("read", model, "read", [ids, fields], kwargs),
      ),
    readGroup: (model, domain, fields, groupby, kwargs) =>
      guarded(
        () => {
          checkArray("readGroup", "domain", domain);
          checkArray("readGroup", "fields", fields, isString);
          checkArray("readGroup", "groupby", groupby, isString);
        },
        () => call("readGroup", model, "read_group", [domain, fields, groupby], kwargs),
      ),
    search: (model, domain, kwargs) =>
      guarded(() => checkArray("search", "domain", domain), () => call("search", model, "search", [domain], kwargs)),
    searchRead: (model, domain, fields, kwargs) =>
      guarded(
        () => {
          checkArray("searchRead", "domain", domain);
          checkArray("searchRead", "fields", fields, isString);
        },
        () => call("searchRead", model, "search_read", [], { ...kwargs, domain, fields }),
      ),
    searchCount: (model, domain: Domain, kwargs) =>
      guarded(() => checkArray("searchCount", "domain", domain), () => call("searchCount", model, "search_count", [domain], kwargs)),
    write: (model, ids, data, kwargs) =>
      guarded(
        () => {
          checkIds("write", ids);
          if (!isRecord(data)) throw new ORMArgumentError("write", `data must be an object of field values, got ${show(data)}`);
        },
        () => call("write", model, "write", [ids, data], kwargs),
      ),
    unlink: (model, ids, kwargs) => guarded(() => checkIds("unlink", ids), () => call("unlink", model, "unlink", [ids], kwargs)),
  };
}

/**
 * An orm over `rpc`: every method builds one call_kw call. Reads are shared (equal reads in flight
 * make one request); writes carry an idempotency key. `silent`, `cache()` and `exclusive` give the
 * same orm with those settings.
 */
export function createORM(
  rpc: RPC,
  userContext: () => Record<string, unknown>,
  variant: ORMVariant = { settings: {}, exclusive: false },
  config: () => ORMConfig | undefined = () => undefined,
): ORM {
  const { settings } = variant;
  // One frozen object for every read of this orm: the rpc checks it once and keys reads by it.
  const readSettings: RPCSettings = Object.freeze({ ...settings, share: true, kind: "read" });
  let exclusiveTable: Map<string, JoinedRequest> | undefined;
  const ownExclusive = () => (exclusiveTable ??= new Map());
  const call: CallKw = <T>(where: string, model: string, method: string, args: unknown[], kwargs: ORMKwargs = {}, options?: ORMCallOptions) => {
    const route = `/web/dataset/call_kw/${model}/${method}`;
    const params = { model, method, args, kwargs: { ...kwargs, context: { ...userContext(), ...kwargs?.context } } };
    let resolved: RPCSettings;
    try {
      checkCall(where, model, method, args, kwargs, options);
      resolved = callSettings(where, route, params, settings, readSettings, options, config()?.invalidates?.[model]);
    } catch (error) {
      return Promise.reject(error);
    }
    const send = () => rpc<T>(route, params, resolved);
    return variant.exclusive ? sendExclusive<T>(rpc, ownExclusive, route, params, resolved, send) : send();
  };
  const derived = (changes: Partial<ORMVariant>) => createORM(rpc, userContext, { ...variant, ...changes }, config);
  let silent: ORM | undefined;
  let exclusive: ORM | undefined;
  const orm: ORM = {
    ...modelMethods(call),
    get silent() {
      silent ??= settings.silent ? orm : derived({ settings: { ...settings, silent: true } });
      return silent;
    },
    cache: (options = {}) => derived({ settings: { ...settings, cache: Object.freeze({ ...options }) } }),
    invalidate: (model) => rpcLayers(rpc)?.reads.invalidate(model),
    get exclusive() {
      exclusive ??= variant.exclusive ? orm : derived({ exclusive: true });
      return exclusive;
    },
  };
  return orm;
}

/** Registered as `orm`: model methods over `rpc`, every method protected through `useService`. */
export const ormService: ServiceDefinition<ORM> = {
  dependencies: ["rpc"],
  async: true,
  start(env: Env, deps): ORM {
    // Read at each call: the signed-in user's context (the `user` service, when registered), then
    // the app's own (`config.orm.context`), which may change after start-up (a company switch).
    const user = () => env.services.user as { readonly context: Record<string, unknown> } | undefined;
    return createORM(deps.rpc, () => ({ ...user()?.context, ...env.config.orm?.context }), undefined, () => env.config.orm);
  },
};
