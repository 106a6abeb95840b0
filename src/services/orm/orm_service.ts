import type { Env, ServiceDefinition } from "../../env.js";
import type { RPCSettings } from "../rpc/types.js";
import { isRecord } from "../../checks.js";
import { isWrite } from "../rpc/reads/read_intent.js";
import type { RPCService } from "../rpc/rpc_function.js";
import type { RPCCacheOptions } from "../rpc/types.js";
import type { Domain, ModelField, ModelValues, ORM, ORMCallOptions, ORMConfig, ORMKwargs, ReadResult } from "./orm_types.js";

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

/** The settings of an orm's reads: shared, declared reads (frozen: the rpc checks them once and keys reads by them). */
const readSettingsOf = (settings: RPCSettings): RPCSettings => Object.freeze({ ...settings, share: true, kind: "read" });

/** What every variant of one orm shares: the env's rpc, whose context it sends, and `config.orm`. */
interface ORMBase {
  rpc: RPCService;
  /** The user's context, read at each call (the app's, `config.orm.context`, goes over it). */
  userContext(): Record<string, unknown>;
  config(): ORMConfig | undefined;
}

/** An orm with other settings: one `Object.create`, inheriting everything else. */
function variant(orm: ModelORM, settings: RPCSettings, isExclusive = orm.isExclusive): ModelORM {
  const made = Object.create(orm) as ModelORM;
  // Its own (not inherited) `silent` and `exclusive`: a component's orm has variants of its own too.
  made.variants = {};
  made.settings = settings;
  made.readSettings = readSettingsOf(settings);
  made.isExclusive = isExclusive;
  return made;
}

/** The variants made from `orm` itself: own, never a parent's (a component's orm is an Object.create of the env's). */
function variantsOf(orm: ModelORM): { silent?: ModelORM; exclusive?: ModelORM } {
  if (!Object.hasOwn(orm, "variants")) orm.variants = {};
  return orm.variants;
}

/**
 * One call_kw call: `where` names the orm method that makes it, `check` first checks that method's
 * own arguments (records, ids, fields, domain), so a bad one rejects without a request.
 */
function callKw<T>(orm: ModelORM, where: string, model: string, method: string, args: unknown[], kwargs: ORMKwargs = {}, options?: ORMCallOptions, check?: () => void): Promise<T> {
  try {
    check?.();
  } catch (error) {
    return Promise.reject(error);
  }
  const { rpc, userContext, config } = orm.base;
  const route = `/web/dataset/call_kw/${model}/${method}`;
  const params = { model, method, args, kwargs: { ...kwargs, context: { ...userContext(), ...config()?.context, ...kwargs?.context } } };
  let settings: RPCSettings;
  try {
    checkCall(where, model, method, args, kwargs, options);
    settings = callSettings(where, route, params, orm.settings, orm.readSettings, options, config()?.invalidates?.[model]);
  } catch (error) {
    return Promise.reject(error);
  }
  const send = () => rpc<T>(route, params, settings);
  return orm.isExclusive ? rpc.layers.writes.sendExclusive<T>(route, params, settings, send) : send();
}

/**
 * An orm over the env's rpc: every method builds one call_kw call. Reads are shared (equal reads
 * in flight make one request); writes carry an idempotency key. `silent`, `cache()` and
 * `exclusive` are the same orm with a setting changed: one `Object.create` each (Odoo's idiom),
 * so a variant of a component's protected orm is protected too. Its only function members are
 * its methods (what `async: true` protects).
 */
class ModelORM implements ORM {
  /** Settings of every call (`silent`, `cache`), and of every read. */
  settings: RPCSettings = {};
  readSettings: RPCSettings = readSettingsOf({});
  /** Whether calls run exclusively (`orm.exclusive`). */
  isExclusive = false;
  variants: { silent?: ModelORM; exclusive?: ModelORM } = {};

  constructor(readonly base: ORMBase) {}

  get silent(): ORM {
    if (this.settings.silent) return this;
    const own = variantsOf(this);
    own.silent ??= variant(this, { ...this.settings, silent: true });
    return own.silent;
  }

  get exclusive(): ORM {
    if (this.isExclusive) return this;
    const own = variantsOf(this);
    own.exclusive ??= variant(this, this.settings, true);
    return own.exclusive;
  }

  cache(options: RPCCacheOptions = {}): ORM {
    return variant(this, { ...this.settings, cache: Object.freeze({ ...options }) });
  }

  invalidate(model?: string): void {
    this.base.rpc.layers.reads.invalidate(model);
  }

  call<T = unknown>(model: string, method: string, args: unknown[] = [], kwargs: ORMKwargs = {}, options?: ORMCallOptions): Promise<T> {
    return callKw<T>(this, "call", model, method, args, kwargs, options);
  }

  create<M extends string>(model: M, records: ModelValues<M>[], kwargs?: ORMKwargs): Promise<number[]> {
    return callKw(this, "create", model, "create", [records], kwargs, undefined, () => checkArray("create", "records", records, isRecord, "objects"));
  }

  read<M extends string, F extends ModelField<M>>(model: M, ids: number[], fields: F[], kwargs?: ORMKwargs): Promise<ReadResult<M, F>[]> {
    return callKw(this, "read", model, "read", [ids, fields], kwargs, undefined, () => {
      checkIds("read", ids);
      checkArray("read", "fields", fields, isString);
    });
  }

  readGroup<M extends string>(model: M, domain: Domain, fields: string[], groupby: ModelField<M>[] | string[], kwargs?: ORMKwargs): Promise<Record<string, unknown>[]> {
    return callKw(this, "readGroup", model, "read_group", [domain, fields, groupby], kwargs, undefined, () => {
      checkArray("readGroup", "domain", domain);
      checkArray("readGroup", "fields", fields, isString);
      checkArray("readGroup", "groupby", groupby, isString);
    });
  }

  search(model: string, domain: Domain, kwargs?: ORMKwargs): Promise<number[]> {
    return callKw(this, "search", model, "search", [domain], kwargs, undefined, () => checkArray("search", "domain", domain));
  }

  searchRead<M extends string, F extends ModelField<M>>(model: M, domain: Domain, fields: F[], kwargs?: ORMKwargs): Promise<ReadResult<M, F>[]> {
    return callKw(this, "searchRead", model, "search_read", [], { ...kwargs, domain, fields }, undefined, () => {
      checkArray("searchRead", "domain", domain);
      checkArray("searchRead", "fields", fields, isString);
    });
  }

  searchCount(model: string, domain: Domain, kwargs?: ORMKwargs): Promise<number> {
    return callKw(this, "searchCount", model, "search_count", [domain], kwargs, undefined, () => checkArray("searchCount", "domain", domain));
  }

  write<M extends string>(model: M, ids: number[], data: ModelValues<M>, kwargs?: ORMKwargs): Promise<boolean> {
    return callKw(this, "write", model, "write", [ids, data], kwargs, undefined, () => {
      checkIds("write", ids);
      if (!isRecord(data)) throw new ORMArgumentError("write", `data must be an object of field values, got ${show(data)}`);
    });
  }

  unlink(model: string, ids: number[], kwargs?: ORMKwargs): Promise<boolean> {
    return callKw(this, "unlink", model, "unlink", [ids], kwargs, undefined, () => checkIds("unlink", ids));
  }
}

/** An orm over `rpc` (the rpc service's value, with its layers), sending `userContext()`, then `config().context`, with every call. */
export function createORM(rpc: RPCService, userContext: () => Record<string, unknown>, config: () => ORMConfig | undefined = () => undefined): ORM {
  return new ModelORM({ rpc, userContext, config });
}

/**
 * Registered as `orm`: model methods over `rpc`, every method protected through `useService`. The
 * context of each call is the rpc's user's (the session sets it), then `config.orm.context`, read
 * at each call (a company switch after start-up is seen).
 */
export const ormService: ServiceDefinition<ORM> = {
  dependencies: ["rpc"],
  async: true,
  start(env: Env, deps): ORM {
    const rpc = deps.rpc as RPCService;
    return createORM(rpc, () => rpc.layers.user.context(), () => env.config.orm);
  },
};
