/** What a model is made of: fields, access rights, record rules and methods (Odoo's `_name`, `_fields`, ACLs, `ir.rule`). */
import type { Queryable } from "../../db/database";
import type { CallLimits } from "../../limits";

export type FieldType =
  | "integer"
  | "float"
  | "monetary"
  | "char"
  | "text"
  | "boolean"
  | "date"
  | "datetime"
  | "selection"
  | "many2one"
  | "one2many";

export interface Field {
  type: FieldType;
  /** The label, as `fields_get` gives it. */
  string: string;
  required?: boolean;
  /** Computed by the server (totals, state): read like any field, refused on write with a clear error. */
  readonly?: boolean;
  /** many2one / one2many: the related model. */
  relation?: string;
  /** one2many: the many2one field on the related model that points back. */
  inverse?: string;
  selection?: [value: string, label: string][];
  help?: string;
}

export type Role = "manager" | "salesperson";

export interface User {
  id: number;
  login: string;
  name: string;
  role: Role;
  partnerId: number;
  lang: string;
  tz: string;
}

export type Operation = "read" | "write" | "create" | "unlink";

/** A domain in Odoo's prefix notation, as received (checked by the compiler). */
export type Domain = unknown[];

/** What a method runs with: the cursor, the user, the call's context and the other models. */
export interface Env {
  cr: Queryable;
  user: User;
  context: Record<string, unknown>;
  models: ModelRegistry;
  /** Where integrations reach their (local) partners, e.g. the carrier API. */
  carrierUrl: string;
  /** Waits `ms`; late-bound so tests can make slow methods fast. */
  sleep(ms: number): Promise<void>;
  /** What one call may cost (domains, patterns, records written). */
  limits: CallLimits;
  /**
   * Tells the bus that records of `model` were created, written or deleted (`removed`: the deleted
   * rows as they were, for the record rules). Every write path calls it (the base create, write and
   * unlink do); the call's transaction sends one `records/changed` per model with its commit.
   */
  changed(model: string, ids: readonly number[], removed?: readonly Record<string, unknown>[]): void;
}

/** One parameter of a public method, bound from `args` / `kwargs` as Python binds them. */
export interface Param {
  name: string;
  /** Absent: required. */
  default?: unknown;
}

export interface Method {
  /** Parameters after the record ids (for record methods) or all of them (`model: true`). */
  params: Param[];
  /** `@api.model`: no record ids as first argument. */
  model?: boolean;
  /** Reads only: runs in a READ ONLY, REPEATABLE READ transaction opened at its first query (a slow report waiting first holds nothing). */
  readonly?: boolean;
  run(env: Env, def: ModelDef, ids: number[], args: Record<string, unknown>): Promise<unknown>;
}

export interface ModelDef {
  name: string;
  table: string;
  description: string;
  /** The field whose value is the display name. */
  recName: string;
  /** Default order, as an `order` string. */
  order: string;
  fields: Record<string, Field>;
  /** Access rights by role (`ir.model.access`). */
  access: Record<Role, Record<Operation, boolean>>;
  /** The group Odoo's message names when an operation is refused. */
  accessGroups: Partial<Record<Operation, string>>;
  /** Record rules (`ir.rule`): the records a role may touch, as a domain, with the rule's name. */
  rules?: Partial<Record<Role, { name: string; domain(user: User): Domain }>>;
  /** Messages of the model's SQL constraints, by constraint name (Odoo's `_sql_constraints`). */
  sqlConstraints?: Record<string, string>;
  /** The model's own public methods (the generic ones come from the base model). */
  methods?: Record<string, Method>;
  /** Defaults and computed values for `create` (before insert). */
  prepareCreate?(env: Env, vals: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Runs after records were created or written (recompute totals…). */
  afterWrite?(env: Env, ids: number[]): Promise<void>;
  /** Runs before records are deleted (business checks). */
  beforeUnlink?(env: Env, ids: number[]): Promise<void>;
  /** Runs after records were deleted, with their last column values. */
  afterUnlink?(env: Env, removed: Record<string, unknown>[]): Promise<void>;
}

export interface ModelRegistry {
  get(name: string): ModelDef;
  has(name: string): boolean;
  all(): ModelDef[];
}

/**
 * One field of a checked specification (orm/specification.ts checks it, web_read.ts reads by it): its
 * model field (none for `id` and `display_name`) and what to read under it.
 */
export interface SpecField {
  name: string;
  field: Field | undefined;
  /** Present when the field is relational and the specification gives its `fields`. */
  nested?: SpecNode;
  /** one2many: the records read in full (the others come as `{ id }`), and their order. */
  limit?: number;
  order?: string;
  /** Where it is in the specification, for messages: `specification.order_line.fields.product_id`. */
  path: string;
}

/** A level of a checked specification: the model read and its fields. */
export interface SpecNode {
  model: ModelDef;
  fields: SpecField[];
}
