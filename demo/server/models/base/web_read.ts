/**
 * Odoo 17's `web_read` and `web_search_read`: the records as their specification asks, nested
 * many2one as `{ id, ...fields }` or false, one2many as lists of records, to any depth. However
 * deep, a page is one statement: every level is a subquery building its JSON in the database, so
 * the number of statements does not grow with the records or the levels.
 *
 * Record rules on nested records, as Odoo 17 applies them:
 * - a one2many lists only the records the user may read (Odoo's one2many read searches them);
 * - a many2one whose `fields` ask only `id` / `display_name` is given as Odoo gives it, whatever
 *   the rules (its display name is read as superuser: what a record points at is the record's);
 * - a many2one asking for more fields is `false` when its record is not the user's to read
 *   (Odoo 17 raises an AccessError there; false keeps the rest of the page readable and tells
 *   nothing of the record).
 * The top-level records are checked as `read` checks them: AccessError, MissingError.
 */
import { UserError } from "../../errors";
import { DomainCompiler } from "../../orm/domain";
import { orderBy } from "../../orm/order";
import { Params, ident } from "../../orm/sql";
import { checkAccess, checkRecords, ruleDomain } from "./access";
import type { Domain, Env, ModelDef, SpecField, SpecNode } from "./model";
import { page, searchCount, selectExpression, where, type SearchOptions } from "./read";

const NUMERIC = new Set(["integer", "float", "monetary"]);
const NAME_ONLY = new Set(["id", "display_name"]);

/** `order` without its terms on `name`: a list's lines all have the same parent, ordering by it costs a subquery each for nothing. */
const withoutTerm = (order: string, name: string) => order.split(",").filter((term) => term.trim().split(/\s+/)[0] !== name).join(",") || "id";

/** Builds the JSON of records in SQL, one subquery per nested field, with the record rules of each level. */
class RecordJson {
  private aliases = 0;
  constructor(
    private readonly env: Env,
    readonly params: Params,
  ) {}

  /** `json_build_object(...)` of `node`'s fields for the row aliased `alias` (models have fewer than 50 fields: under its 100 arguments). */
  record(node: SpecNode, alias: string): string {
    const pairs = [`'id', ${alias}.id`];
    for (const spec of node.fields) if (spec.name !== "id") pairs.push(`'${spec.name}', ${this.value(node.model, spec, alias)}`);
    return `json_build_object(${pairs.join(", ")})`;
  }

  /** The rule of `model` over `alias` as " AND …", or "" when none applies to the user. */
  private rule(model: ModelDef, alias: string): string {
    const rule = ruleDomain(this.env, model);
    return rule.length ? ` AND ${new DomainCompiler(this.env.models, this.params).compile(model, rule, alias)}` : "";
  }

  private value(model: ModelDef, spec: SpecField, alias: string): string {
    const field = spec.field;
    if (!field) return `coalesce(to_json(${alias}.${ident(model.recName)}::text), 'false'::json)`;
    if (field.type === "one2many") return this.list(spec, alias);
    if (field.type === "many2one" && spec.nested) return this.many2one(spec, spec.nested, alias);
    const expression = selectExpression(model, spec.name, alias);
    return NUMERIC.has(field.type) ? `coalesce(${expression}, 0)` : `coalesce(to_json(${expression}), 'false'::json)`;
  }

  private many2one(spec: SpecField, nested: SpecNode, alias: string): string {
    const column = `${alias}.${ident(spec.name)}`;
    // Odoo: `{"id": {}}` alone gives the id itself.
    if (nested.fields.length === 1 && nested.fields[0]!.name === "id") return `coalesce(to_json(${column}), 'false'::json)`;
    const sub = `w${++this.aliases}`;
    const nameOnly = nested.fields.every((field) => NAME_ONLY.has(field.name));
    if (!nameOnly) checkAccess(this.env, nested.model, "read");
    const rule = nameOnly ? "" : this.rule(nested.model, sub);
    return `coalesce((SELECT ${this.record(nested, sub)} FROM ${ident(nested.model.table)} ${sub} WHERE ${sub}.id = ${column}${rule}), 'false'::json)`;
  }

  /** A one2many: the readable lines in their order, the first `limit` in full and the others as `{ id }`, or their ids. */
  private list(spec: SpecField, alias: string): string {
    const related = this.env.models.get(spec.field!.relation!);
    checkAccess(this.env, related, "read");
    const sub = `w${++this.aliases}`;
    const rows = `${ident(related.table)} ${sub} WHERE ${sub}.${ident(spec.field!.inverse!)} = ${alias}.id${this.rule(related, sub)}`;
    const order = orderBy(this.env.models, related, spec.order ?? withoutTerm(related.order, spec.field!.inverse!), sub);
    if (!spec.nested) return `coalesce((SELECT json_agg(${sub}.id ORDER BY ${order}) FROM ${rows}), '[]'::json)`;
    const row = `x${this.aliases}`;
    const limit = this.params.add(spec.limit ?? this.env.limits.maxNestedRecords);
    const item = `CASE WHEN ${row}."__n" <= ${limit} THEN ${this.record(spec.nested, row)} ELSE json_build_object('id', ${row}.id) END`;
    return `coalesce((SELECT json_agg(${item} ORDER BY ${row}."__n") FROM (SELECT ${sub}.*, row_number() OVER (ORDER BY ${order}) AS "__n" FROM ${rows}) ${row}), '[]'::json)`;
  }
}

/**
 * Refuses an answer with a nested list longer than `maxNestedRecords` where the specification set
 * no `limit` (its first records were read in full, the rest would come as bare ids unasked).
 */
function checkLists(env: Env, node: SpecNode, records: Record<string, unknown>[]): void {
  const bound = env.limits.maxNestedRecords;
  for (const spec of node.fields) {
    if (spec.field?.type !== "one2many" && !spec.nested) continue;
    for (const record of records) {
      const value = record[spec.name];
      if (Array.isArray(value)) {
        if (spec.limit === undefined && value.length > bound) {
          throw new UserError(
            `${spec.path}: ${node.model.name}(${String(record.id)}) has ${value.length.toLocaleString("en-US")} ${spec.name} records; at most ${bound.toLocaleString("en-US")} are read in full: ask with a "limit"`,
          );
        }
        if (spec.nested) checkLists(env, spec.nested, value as Record<string, unknown>[]);
      } else if (spec.nested && typeof value === "object" && value !== null) {
        checkLists(env, spec.nested, [value as Record<string, unknown>]);
      }
    }
  }
}

/** Records of `node.model` as the specification asks, for rows `FROM table t WHERE <tail>`, in one statement. */
async function selectRecords(env: Env, node: SpecNode, params: Params, tail: (params: Params) => string): Promise<Record<string, unknown>[]> {
  const json = new RecordJson(env, params);
  const select = json.record(node, "t");
  const sql = `SELECT t.id, ${select} AS "record" FROM ${ident(node.model.table)} t WHERE ${tail(params)}`;
  const { rows } = await env.cr.query<{ id: number; record: Record<string, unknown> }>(sql, params.values);
  const records = rows.map((row) => row.record);
  checkLists(env, node, records);
  return records;
}

/** `web_read(ids, specification)`: the records in the order of `ids`, checked as `read` checks them. */
export async function webRead(env: Env, node: SpecNode, ids: number[]): Promise<Record<string, unknown>[]> {
  const { model } = node;
  checkAccess(env, model, "read");
  if (!ids.length) return [];
  await checkRecords(env, model, ids, "read");
  const records = await selectRecords(env, node, new Params(), (params) => `t.id = ANY(${params.add([...new Set(ids)])})`);
  const byId = new Map(records.map((record) => [record.id as number, record]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

export interface WebSearchOptions extends SearchOptions {
  countLimit: number | null;
}

/** `web_search_read`: a page and its `length`, counted as Odoo 17's `_format_web_search_read_results` does. */
export async function webSearchRead(env: Env, node: SpecNode, domain: Domain, options: WebSearchOptions): Promise<{ length: number; records: Record<string, unknown>[] }> {
  const { model } = node;
  checkAccess(env, model, "read");
  const records = await selectRecords(env, node, new Params(), (params) => `${where(env, model, domain, params)}${page(env, model, options, params)}`);
  if (!records.length) return { length: 0, records };
  const { limit, countLimit } = options;
  const length = records.length + (options.offset ?? 0);
  // Counted only when the page is full and count_limit not yet reached (or the context forces it); at most count_limit.
  const counted = limit && ((records.length === limit && !(countLimit && countLimit <= length)) || env.context.force_search_count);
  return { length: counted ? await searchCount(env, model, domain, countLimit) : length, records };
}
