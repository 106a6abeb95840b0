import type { RPCCacheOptions } from "../rpc/cache_options.js";

/**
 * Record types by model name, for typed orm calls. Extend it by declaration merging:
 * @example
 * declare module "owl-services" {
 *   interface Models { "sale.order": { id: number; name: string; amount_total: number } }
 * }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Models {}

/** A domain leaf, `["amount_total", ">", 100]`. */
export type DomainLeaf = [field: string, operator: string, value: unknown];
/** A domain in Odoo's prefix notation: leaves and the operators "&", "|", "!". */
export type Domain = (DomainLeaf | "&" | "|" | "!")[];

/** Keyword arguments of a model method; `context` is merged over the user context. */
export interface ORMKwargs {
  context?: Record<string, unknown>;
  [key: string]: unknown;
}

type KnownModel = keyof Models & string;
/** A model's record type: its declared one, else any object. */
export type ModelRecord<M extends string> = M extends KnownModel ? Models[M] : Record<string, unknown>;
/** A value as written: a many2one read as `[id, name]` (or false) is written as its id. */
type WriteValue<V> = V extends readonly [number, string] ? number : V;
/** Field values for `create` / `write`: part of the declared record, else any object (interfaces included). */
export type ModelValues<M extends string> = M extends KnownModel ? { [K in keyof Models[M]]?: WriteValue<Models[M][K]> } : object;
/** A model's field names: its declared ones, else any string. */
export type ModelField<M extends string> = M extends KnownModel ? keyof Models[M] & string : string;
/** What `read` / `searchRead` return for fields `F` (Odoo always adds `id`). */
export type ReadResult<M extends string, F extends string> = M extends KnownModel
  ? Pick<Models[M], Extract<F | "id", keyof Models[M]>>
  : Record<string, unknown>;

/** The `orm` service: one call_kw rpc per method. */
export interface ORM {
  /** Any model method: `orm.call("sale.order", "action_confirm", [[7]])`. */
  call<T = unknown>(model: string, method: string, args?: unknown[], kwargs?: ORMKwargs): Promise<T>;
  create<M extends string>(model: M, records: ModelValues<M>[], kwargs?: ORMKwargs): Promise<number[]>;
  read<M extends string, F extends ModelField<M>>(model: M, ids: number[], fields: F[], kwargs?: ORMKwargs): Promise<ReadResult<M, F>[]>;
  readGroup<M extends string>(
    model: M,
    domain: Domain,
    fields: string[],
    groupby: ModelField<M>[] | string[],
    kwargs?: ORMKwargs,
  ): Promise<Record<string, unknown>[]>;
  search(model: string, domain: Domain, kwargs?: ORMKwargs): Promise<number[]>;
  searchRead<M extends string, F extends ModelField<M>>(model: M, domain: Domain, fields: F[], kwargs?: ORMKwargs): Promise<ReadResult<M, F>[]>;
  searchCount(model: string, domain: Domain, kwargs?: ORMKwargs): Promise<number>;
  write<M extends string>(model: M, ids: number[], data: ModelValues<M>, kwargs?: ORMKwargs): Promise<boolean>;
  unlink(model: string, ids: number[], kwargs?: ORMKwargs): Promise<boolean>;
  /** The same calls, made with `{ silent: true }` (no loading indicator). */
  readonly silent: ORM;
  /**
   * An orm whose reads use the cache (Odoo 19's `orm.cache()`): a stored answer resolves at once;
   * with `update: "always"` the server is still asked and `onUpdate` gets its answer. Writes go
   * through as usual, and drop their model's cached reads.
   * @example
   * const kpis = await orm.cache({ type: "disk", update: "always", onUpdate: (fresh) => show(fresh) }).readGroup(…);
   */
  cache(options?: RPCCacheOptions): ORM;
  /** Drops the cached reads of `model` (all models without one), in this tab and the others. */
  invalidate(model?: string): void;
  /**
   * The same calls, each run exclusively: a call equal to one still pending (same model, method and
   * arguments) returns that call's promise instead of sending again, so a double click writes once.
   */
  readonly exclusive: ORM;
}

/** `config.orm`. */
export interface ORMConfig {
  /** The user context sent with every call (`lang`, `tz`, `uid`, `allowed_company_ids`…). */
  context?: Record<string, unknown>;
}
