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
/** A value as written: a many2one read as `[id, name]` (or false) as its id, an x2many also as commands. */
type WriteValue<V> = V extends readonly [number, string] ? number : V extends readonly number[] ? V | X2manyCommand[] : V;
/** Field values for `create` / `write`: part of the declared record, else any object (interfaces included). */
export type ModelValues<M extends string> = M extends KnownModel ? { [K in keyof Models[M]]?: WriteValue<Models[M][K]> } : object;
/** A model's field names: its declared ones, else any string. */
export type ModelField<M extends string> = M extends KnownModel ? keyof Models[M] & string : string;
/** What `read` / `searchRead` return for fields `F` (Odoo always adds `id`). */
export type ReadResult<M extends string, F extends string> = M extends KnownModel
  ? Pick<Models[M], Extract<F | "id", keyof Models[M]>>
  : Record<string, unknown>;

declare const comodel: unique symbol;
/**
 * A many2one field's type in `Models`, as `read` gives it (`[id, name]` or false); `C` names the
 * model it points to, so a specification's nested `fields` are checked and typed against it.
 */
export type Many2one<C extends string = string> = ([id: number, name: string] & { readonly [comodel]?: C }) | false;
/** A one2many / many2many field's type in `Models`: its ids when read; `C` as for Many2one. */
export type X2many<C extends string = string> = number[] & { readonly [comodel]?: C };
/** Odoo's x2many commands: create, update, delete, unlink, link, clear, set. */
export type X2manyCommand = readonly [0, 0, object] | readonly [1, number, object] | readonly [2 | 3 | 4, number] | readonly [5] | readonly [6, 0, number[]];

/** One field of a specification: `fields` reads a relational field's records (to any depth Odoo allows). */
export interface FieldSpecification {
  fields?: Specification;
  context?: Record<string, unknown>;
  limit?: number;
  order?: string;
}
/** Odoo 17's specification: which fields to read, and how deep. @example { partner_id: { fields: { display_name: {} } }, amount_total: {} } */
export type Specification = { [field: string]: FieldSpecification };

/**
 * A field's declared type; every model has `id` and `display_name`; an undeclared model's fields,
 * and those of a specification built at run time (`K` is `string`), are unknown.
 */
type FieldType<M extends string, K> = string extends K ? unknown : K extends "id" ? number : M extends KnownModel ? (K extends keyof Models[M] ? Models[M][K] : K extends "display_name" ? string : never) : K extends "display_name" ? string : unknown;
/** The model a relational field points to (any model when its type does not say). */
type ComodelOf<V> = Exclude<V, false> extends { readonly [comodel]?: infer C extends string } ? C : string;
/** "one" for a many2one, "many" for an x2many, else never. */
type Relation<V> = [Exclude<V, false>] extends [readonly [number, string]] ? "one" : [Extract<V, readonly number[]>] extends [never] ? never : "many";
/** What a specification entry `E` reads of a field typed `V`: nested records with `fields`, ids without. */
type FieldResult<V, E> = [Relation<V>] extends [never]
  ? V
  : E extends { fields: infer F }
    ? Relation<V> extends "one" ? SpecRecord<ComodelOf<V>, F> | false : SpecRecord<ComodelOf<V>, F>[]
    : Relation<V> extends "one" ? number | false : number[];
/** A record as specification `S` reads it on model `M` (Odoo always adds `id`). */
export type SpecRecord<M extends string, S> = { [K in (keyof S & string) | "id"]: K extends keyof S ? FieldResult<FieldType<M, K>, S[K]> : number };
/** Refuses (as `never`) the fields of `S` that model `M` lacks, and nested `fields` under a field that is not relational, at any depth. */
export type CheckedSpecification<M extends string, S> = {
  [K in keyof S]: [FieldType<M, K>] extends [never]
    ? never
    : S[K] extends { fields: infer F }
      ? unknown extends FieldType<M, K> ? S[K] : [Relation<FieldType<M, K>>] extends [never] ? never : { fields: CheckedSpecification<ComodelOf<FieldType<M, K>>, F> }
      : S[K];
};

/** `webSearchRead`'s keyword arguments. */
export type WebSearchReadKwargs<S> = {
  specification: S;
  offset?: number;
  limit?: number;
  order?: string;
  count_limit?: number;
  context?: Record<string, unknown>;
};
/** `webRead`'s and `webSave`'s keyword arguments. */
export type WebReadKwargs<S> = {
  specification: S;
  context?: Record<string, unknown>;
};

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
  /**
   * Odoo 17's `web_search_read`: a page of records read as the specification says, nested
   * many2one and x2many included, and `length` (the count, up to `count_limit`), in one round trip.
   * @example
   * const { records } = await orm.webSearchRead("sale.order", [], { specification: { partner_id: { fields: { display_name: {} } } }, limit: 80 });
   */
  webSearchRead<M extends string, S extends Specification>(
    model: M,
    domain: Domain,
    kwargs: WebSearchReadKwargs<S & CheckedSpecification<M, S>>,
  ): Promise<{ length: number; records: SpecRecord<M, S>[] }>;
  /** Odoo 17's `web_read`: records `ids` read as the specification says. */
  webRead<M extends string, S extends Specification>(model: M, ids: number[], kwargs: WebReadKwargs<S & CheckedSpecification<M, S>>): Promise<SpecRecord<M, S>[]>;
  /**
   * Odoo 17's `web_save`: writes `values` on `ids` (creates one record when `ids` is `[]`), then
   * answers the records as the specification says, in one transaction. A write: keyed, never cached.
   */
  webSave<M extends string, S extends Specification>(model: M, ids: number[], values: ModelValues<M>, kwargs: WebReadKwargs<S & CheckedSpecification<M, S>>): Promise<SpecRecord<M, S>[]>;
  /** Odoo 17's `web_read_group`: the groups and their number (domain, fields and groupby sent as kwargs). */
  webReadGroup<M extends string>(
    model: M,
    domain: Domain,
    fields: string[],
    groupby: ModelField<M>[] | string[],
    kwargs?: ORMKwargs,
  ): Promise<{ groups: Record<string, unknown>[]; length: number }>;
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
