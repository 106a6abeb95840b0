import type { RPCCacheOptions } from "../rpc/types.js";

/**
 * Record types by model name, for typed orm calls. Extend it by declaration merging:
 * @example
 * declare module "owl-services" {
 *   interface Models { "sale.order": { id: number; name: string; amount_total: number } }
 * }
 */
// biome-ignore lint/suspicious/noEmptyInterface: apps extend it by declaration merging
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

/** What `orm.call` declares about a method the orm does not know. */
export interface ORMCallOptions {
  /**
   * `"read"` for a method that only reads (a report, `get_forecast`): shared, cacheable, re-sendable.
   * `"write"` forces the other way. @default "read" for Odoo 17's read methods (READ_METHODS), else "write"
   */
  kind?: "read" | "write";
  /** A write's other models whose cached reads it changes, beyond `config.orm.invalidates`. */
  invalidates?: string[];
}

/** The `orm` service: one call_kw rpc per method. */
export interface ORM {
  /**
   * Any model method: `orm.call("sale.order", "action_confirm", [[7]])`. A method that only reads
   * says so, to be shared and cached: `orm.call("sale.order", "get_forecast", [], {}, { kind: "read" })`.
   */
  call<T = unknown>(model: string, method: string, args?: unknown[], kwargs?: ORMKwargs, options?: ORMCallOptions): Promise<T>;
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
   * with `update: "always"` the server is still asked and `onUpdate` gets its answer. A write made
   * through it is refused before anything is sent (make it through the plain orm).
   * @example
   * const kpis = await orm.cache({ type: "disk", update: "always", onUpdate: (fresh) => show(fresh) }).readGroup(…);
   */
  cache(options?: RPCCacheOptions): ORM;
  /** Drops the cached reads of `model` (all models without one), in this tab and the others. */
  invalidate(model?: string): void;
  /**
   * The same calls, each run exclusively: a call equal to one still pending (same model, method,
   * params as sent, context and settings) joins it instead of sending again, so a double click
   * writes once. Each caller has its own promise: one caller's `abort()` leaves the others their answer.
   */
  readonly exclusive: ORM;
}

/** `config.orm`. */
export interface ORMConfig {
  /** The user context sent with every call (`lang`, `tz`, `uid`, `allowed_company_ids`…). */
  context?: Record<string, unknown>;
  /**
   * The other models whose cached reads a write on a model changes, by model:
   * `{ "sale.order.line": ["sale.order"] }` (an order's totals follow its lines).
   */
  invalidates?: Record<string, string[]>;
}
