/** The base model's read methods: search, search_count, read, search_read, name_search, fields_get. */
import { PyValueError } from "../../errors";
import { DomainCompiler, storedField } from "../../orm/domain";
import { orderBy } from "../../orm/order";
import { Params, ident } from "../../orm/sql";
import { checkAccess, checkRecords, ruleDomain } from "./access";
import type { Domain, Env, ModelDef } from "./model";

/** The SQL that reads a stored field as Odoo sends it (dates as "YYYY-MM-DD HH:MM:SS" text). */
export function selectExpression(model: ModelDef, name: string, alias: string): string {
  const field = storedField(model, name, "fields");
  const column = `${alias}.${ident(name)}`;
  if (field.type === "datetime") return `to_char(${column}, 'YYYY-MM-DD HH24:MI:SS')`;
  if (field.type === "date") return `to_char(${column}, 'YYYY-MM-DD')`;
  return column;
}

/** WHERE for `domain` and the user's record rule (alias `t`). */
export function where(env: Env, model: ModelDef, domain: Domain, params: Params): string {
  const compiler = new DomainCompiler(env.models, params);
  const own = compiler.compile(model, domain, "t");
  const rule = ruleDomain(env, model);
  return rule.length ? `${own} AND ${compiler.compile(model, rule, "t")}` : own;
}

export interface SearchOptions {
  offset?: number;
  limit?: number | null;
  order?: unknown;
}

/** ORDER BY, LIMIT and OFFSET of a search. */
export function page(env: Env, model: ModelDef, options: SearchOptions, params: Params): string {
  let sql = ` ORDER BY ${orderBy(env.models, model, options.order, "t")}`;
  if (options.limit !== undefined && options.limit !== null) sql += ` LIMIT ${params.add(options.limit)}`;
  if (options.offset) sql += ` OFFSET ${params.add(options.offset)}`;
  return sql;
}

export async function search(env: Env, model: ModelDef, domain: Domain, options: SearchOptions = {}): Promise<number[]> {
  checkAccess(env, model, "read");
  const params = new Params();
  const condition = where(env, model, domain, params);
  const sql = `SELECT t.id FROM ${ident(model.table)} t WHERE ${condition}${page(env, model, options, params)}`;
  const { rows } = await env.cr.query<{ id: number }>(sql, params.values);
  return rows.map((row) => row.id);
}

export async function searchCount(env: Env, model: ModelDef, domain: Domain, limit?: number | null): Promise<number> {
  checkAccess(env, model, "read");
  const params = new Params();
  const condition = where(env, model, domain, params);
  const inner = `SELECT 1 FROM ${ident(model.table)} t WHERE ${condition}${limit ? ` LIMIT ${params.add(limit)}` : ""}`;
  const { rows } = await env.cr.query<{ count: number }>(`SELECT count(*) AS count FROM (${inner}) counted`, params.values);
  return rows[0]?.count ?? 0;
}

/** The fields to read: all of them when `fields` is empty, else the named ones (each checked). */
function fieldNames(model: ModelDef, fields: string[] | null | undefined): string[] {
  if (!fields?.length) return Object.keys(model.fields);
  for (const name of fields) {
    if (name !== "id" && name !== "display_name" && !Object.hasOwn(model.fields, name)) {
      throw new PyValueError(`Invalid field '${name}' on model '${model.name}'`);
    }
  }
  // Each field once: a field asked twice is read once (its many2one pair made once, not from itself).
  return [...new Set(fields.filter((name) => name !== "id"))];
}

/** `[id, display_name]` pairs for many2one values, one query per related model. */
export async function displayNames(env: Env, relation: string, ids: number[]): Promise<Map<number, string>> {
  const related = env.models.get(relation);
  if (!ids.length) return new Map();
  const { rows } = await env.cr.query<{ id: number; name: string }>(
    `SELECT id, ${ident(related.recName)}::text AS name FROM ${ident(related.table)} WHERE id = ANY($1)`,
    [[...new Set(ids)]],
  );
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** The column of a many2one's display name, read in the record's own statement ("partner_id__label"). */
const labelColumn = (name: string) => ident(`${name}__label`);

/**
 * The SELECT list for `names`: stored fields as Odoo sends them, each many2one's display name and
 * each one2many's ids as subqueries, so a page of records with its labels is one statement.
 */
function selectList(env: Env, model: ModelDef, names: string[]): string {
  const select = ["t.id", `t.${ident(model.recName)}::text AS "__display_name"`];
  for (const name of names) {
    if (name === "display_name") continue;
    const field = model.fields[name]!;
    if (field.type === "one2many") {
      const related = env.models.get(field.relation!);
      select.push(`ARRAY(SELECT c.id FROM ${ident(related.table)} c WHERE c.${ident(field.inverse!)} = t.id ORDER BY c.id) AS ${ident(name)}`);
      continue;
    }
    select.push(`${selectExpression(model, name, "t")} AS ${ident(name)}`);
    if (field.type === "many2one") {
      const related = env.models.get(field.relation!);
      select.push(`(SELECT r.${ident(related.recName)}::text FROM ${ident(related.table)} r WHERE r.id = t.${ident(name)}) AS ${labelColumn(name)}`);
    }
  }
  return select.join(", ");
}

/** A row of `selectList` in Odoo's value shapes: many2one as [id, name], empty as false or 0. */
function shapeRecord(model: ModelDef, names: string[], row: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = { id: row.id };
  for (const name of names) {
    const value = row[name];
    const field = name === "display_name" ? undefined : model.fields[name]!;
    if (!field) record.display_name = row.__display_name;
    else if (field.type === "many2one") record[name] = typeof value === "number" ? [value, (row[`${name}__label`] as string | null) ?? ""] : false;
    else if (field.type === "one2many") record[name] = value;
    else if (value === null) record[name] = field.type === "integer" || field.type === "float" || field.type === "monetary" ? 0 : false;
    else record[name] = value;
  }
  return record;
}

/** Rows for `ids` in that order (an id asked twice gets two records), in one statement. */
export async function readRecords(env: Env, model: ModelDef, ids: number[], fields: string[] | null | undefined): Promise<Record<string, unknown>[]> {
  if (!ids.length) return [];
  const names = fieldNames(model, fields);
  const { rows } = await env.cr.query<Record<string, unknown>>(`SELECT ${selectList(env, model, names)} FROM ${ident(model.table)} t WHERE t.id = ANY($1)`, [[...new Set(ids)]]);
  const byId = new Map(rows.map((row) => [row.id as number, row]));
  return ids.flatMap((id) => (byId.has(id) ? [shapeRecord(model, names, byId.get(id)!)] : []));
}

export async function read(env: Env, model: ModelDef, ids: number[], fields: string[] | null | undefined): Promise<Record<string, unknown>[]> {
  checkAccess(env, model, "read");
  await checkRecords(env, model, ids, "read");
  return readRecords(env, model, ids, fields);
}

/** `search_read`: the search, the rows and their labels in one statement (Odoo 17's web_search_read spirit). */
export async function searchRead(
  env: Env,
  model: ModelDef,
  domain: Domain,
  fields: string[] | null | undefined,
  options: SearchOptions,
): Promise<Record<string, unknown>[]> {
  const names = fieldNames(model, fields); // refuse a bad field before searching
  checkAccess(env, model, "read");
  const params = new Params();
  const sql = `SELECT ${selectList(env, model, names)} FROM ${ident(model.table)} t WHERE ${where(env, model, domain, params)}${page(env, model, options, params)}`;
  const { rows } = await env.cr.query<Record<string, unknown>>(sql, params.values);
  return rows.map((row) => shapeRecord(model, names, row));
}

export async function nameSearch(env: Env, model: ModelDef, name: string, domain: Domain, operator: string, limit: number | null): Promise<[number, string][]> {
  const full = name ? [[model.recName, operator, name], ...domain] : domain;
  const ids = await search(env, model, full, { limit: limit ?? null });
  const labels = await displayNames(env, model.name, ids);
  return ids.map((id) => [id, labels.get(id) ?? ""]);
}

export function fieldsGet(model: ModelDef, allfields: string[] | null | undefined, attributes: string[] | null | undefined): Record<string, Record<string, unknown>> {
  const names = allfields?.length ? fieldNames(model, allfields) : ["id", ...Object.keys(model.fields)];
  const result: Record<string, Record<string, unknown>> = {};
  for (const name of names) {
    const field =
      name === "id"
        ? { type: "integer", string: "ID", readonly: true }
        : name === "display_name"
          ? { type: "char", string: "Display Name", readonly: true }
          : model.fields[name]!;
    const description: Record<string, unknown> = {
      type: field.type,
      string: field.string,
      required: Boolean("required" in field && field.required),
      readonly: Boolean(field.readonly),
      store: field.type !== "one2many",
      sortable: field.type !== "one2many",
      searchable: true,
      ...("relation" in field && field.relation ? { relation: field.relation } : {}),
      ...("selection" in field && field.selection ? { selection: field.selection } : {}),
      ...("help" in field && field.help ? { help: field.help } : {}),
    };
    result[name] = attributes?.length ? Object.fromEntries(attributes.filter((key) => key in description).map((key) => [key, description[key]])) : description;
  }
  return result;
}
