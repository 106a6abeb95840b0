import type { Env, ServiceDefinition } from "../../env.js";
import type { RPCSettings } from "../rpc/types.js";
import { isRecord } from "../../checks.js";
import { isWrite } from "../rpc/reads/read_intent.js";
import type { RPCService } from "../rpc/rpc_function.js";
import type { RPCCacheOptions } from "../rpc/types.js";
import type {
  CheckedSpecification,
  Domain,
  ModelField,
  ModelValues,
  ORM,
  ORMCallOptions,
  ORMConfig,
  ORMKwargs,
  ReadResult,
  Specification,
  SpecRecord,
  WebReadKwargs,
  WebSearchReadKwargs,
} from "./orm_types.js";
import { checkArray, checkCall, checkIds, checkValues, isString, ORMArgumentError } from "./orm_checks.js";

export { ORMArgumentError };

declare module "../../env.js" {
  interface Services {
    orm: ORM;
  }
  interface Config {
    orm?: ORMConfig;
  }
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
function callKw<T>(orm: ModelORM, where: string, model: string, method: string, args: unknown[], kwargs: ORMKwargs = {}, check?: () => void, options?: ORMCallOptions): Promise<T> {
  const { rpc, userContext, config } = orm.base;
  const route = `/web/dataset/call_kw/${model}/${method}`;
  const params = { model, method, args, kwargs: { ...kwargs, context: { ...userContext(), ...config()?.context, ...kwargs?.context } } };
  let settings: RPCSettings;
  try {
    check?.();
    checkCall(where, model, method, args, kwargs, options);
    settings = callSettings(where, route, params, orm.settings, orm.readSettings, options, config()?.invalidates?.[model]);
  } catch (error) {
    return Promise.reject(error);
  }
  const send = () => rpc<T>(route, params, settings);
  return orm.isExclusive ? rpc.layers.writes.sendExclusive<T>(route, params, settings, send) : send();
}

/** `read_group` / `web_read_group`, domain, fields and groupby sent as kwargs (as Odoo 17 does). */
function group<T>(orm: ModelORM, where: "readGroup" | "webReadGroup", model: string, domain: Domain, fields: string[], groupby: string[], kwargs?: ORMKwargs): Promise<T> {
  const method = where === "readGroup" ? "read_group" : "web_read_group";
  return callKw(orm, where, model, method, [], { ...kwargs, domain, fields, groupby }, () => {
    checkArray(where, "domain", domain);
    checkArray(where, "fields", fields, isString);
    checkArray(where, "groupby", groupby, isString);
  });
}

/**
 * A web method's call (webSearchRead, webRead, webSave): `check`, then its kwargs and specification,
 * whose checks load on the first such call (the base app does not carry them), so it is sent a moment later.
 */
function web<T>(orm: ModelORM, where: string, model: string, method: string, args: unknown[], kwargs: ORMKwargs, check: () => void): Promise<T> {
  return import("./specification_check.js").then((checks) =>
    callKw(orm, where, model, method, args, kwargs, () => {
      check();
      checks.checkWebKwargs(kwargs, where, ORMArgumentError);
    }),
  );
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
    return callKw<T>(this, "call", model, method, args, kwargs, undefined, options);
  }

  create<M extends string>(model: M, records: ModelValues<M>[], kwargs?: ORMKwargs): Promise<number[]> {
    return callKw(this, "create", model, "create", [records], kwargs, () => checkArray("create", "records", records, isRecord, "objects"));
  }

  read<M extends string, F extends ModelField<M>>(model: M, ids: number[], fields: F[], kwargs?: ORMKwargs): Promise<ReadResult<M, F>[]> {
    return callKw(this, "read", model, "read", [ids, fields], kwargs, () => {
      checkIds("read", ids);
      checkArray("read", "fields", fields, isString);
    });
  }

  readGroup<M extends string>(model: M, domain: Domain, fields: string[], groupby: ModelField<M>[] | string[], kwargs?: ORMKwargs): Promise<Record<string, unknown>[]> {
    return group(this, "readGroup", model, domain, fields, groupby, kwargs);
  }

  webReadGroup<M extends string>(model: M, domain: Domain, fields: string[], groupby: ModelField<M>[] | string[], kwargs?: ORMKwargs): Promise<{ groups: Record<string, unknown>[]; length: number }> {
    return group(this, "webReadGroup", model, domain, fields, groupby, kwargs);
  }

  webSearchRead<M extends string, S extends Specification>(model: M, domain: Domain, kwargs: WebSearchReadKwargs<S & CheckedSpecification<M, S>>): Promise<{ length: number; records: SpecRecord<M, S>[] }> {
    return web(this, "webSearchRead", model, "web_search_read", [], { domain, ...kwargs }, () => checkArray("webSearchRead", "domain", domain));
  }

  webRead<M extends string, S extends Specification>(model: M, ids: number[], kwargs: WebReadKwargs<S & CheckedSpecification<M, S>>): Promise<SpecRecord<M, S>[]> {
    return web(this, "webRead", model, "web_read", [ids], kwargs, () => checkIds("webRead", ids));
  }

  webSave<M extends string, S extends Specification>(model: M, ids: number[], values: ModelValues<M>, kwargs: WebReadKwargs<S & CheckedSpecification<M, S>>): Promise<SpecRecord<M, S>[]> {
    return web(this, "webSave", model, "web_save", [ids, values], kwargs, () => {
      checkIds("webSave", ids);
      checkValues("webSave", "values", values);
    });
  }

  search(model: string, domain: Domain, kwargs?: ORMKwargs): Promise<number[]> {
    return callKw(this, "search", model, "search", [domain], kwargs, () => checkArray("search", "domain", domain));
  }

  searchRead<M extends string, F extends ModelField<M>>(model: M, domain: Domain, fields: F[], kwargs?: ORMKwargs): Promise<ReadResult<M, F>[]> {
    return callKw(this, "searchRead", model, "search_read", [], { ...kwargs, domain, fields }, () => {
      checkArray("searchRead", "domain", domain);
      checkArray("searchRead", "fields", fields, isString);
    });
  }

  searchCount(model: string, domain: Domain, kwargs?: ORMKwargs): Promise<number> {
    return callKw(this, "searchCount", model, "search_count", [domain], kwargs, () => checkArray("searchCount", "domain", domain));
  }

  write<M extends string>(model: M, ids: number[], data: ModelValues<M>, kwargs?: ORMKwargs): Promise<boolean> {
    return callKw(this, "write", model, "write", [ids, data], kwargs, () => {
      checkIds("write", ids);
      checkValues("write", "data", data);
    });
  }

  unlink(model: string, ids: number[], kwargs?: ORMKwargs): Promise<boolean> {
    return callKw(this, "unlink", model, "unlink", [ids], kwargs, () => checkIds("unlink", ids));
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
