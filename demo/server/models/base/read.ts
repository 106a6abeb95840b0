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

/** WHERE for `domain` and the user's record rule. */
function where(env: Env, model: ModelDef, domain: Domain, params: Params): string {
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

export async function search(env: Env, model: ModelDef, domain: Domain, options: SearchOptions = {}): Promise<number[]> {
  checkAccess(env, model, "read");
  const params = new Params();
  const condition = where(env, model, domain, params);
  let sql = `SELECT t.id FROM ${ident(model.table)} t WHERE ${condition} ORDER BY ${orderBy(env.models, model, options.order, "t")}`;
  if (options.limit !== undefined && options.limit !== null) sql += ` LIMIT ${params.add(options.limit)}`;
  if (options.offset) sql += ` OFFSET ${params.add(options.offset)}`;
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

/** Rows for `ids` in that order, with Odoo's value shapes (many2one as [id, name], empty as false). */
export async function readRecords(env: Env, model: ModelDef, ids: number[], fields: string[] | null | undefined): Promise<Record<string, unknown>[]> {
  if (!ids.length) return [];
  const names = fieldNames(model, fields);
  const stored = names.filter((name) => name !== "display_name" && model.fields[name]!.type !== "one2many");
  const select = ["t.id", `t.${ident(model.recName)}::text AS "__display_name"`, ...stored.map((name) => `${selectExpression(model, name, "t")} AS ${ident(name)}`)];
  const { rows } = await env.cr.query<Record<string, unknown>>(
    `SELECT ${select.join(", ")} FROM ${ident(model.table)} t WHERE t.id = ANY($1)`,
    [[...new Set(ids)]],
  );
  const byId = new Map(rows.map((row) => [row.id as number, row]));
  // A copy per id: an id asked twice gets two records, each shaped once.
  const records = ids.flatMap((id) => (byId.has(id) ? [{ ...byId.get(id)! }] : []));

  for (const name of names) {
    const field = name === "display_name" ? undefined : model.fields[name]!;
    if (!field) {
      for (const record of records) record.display_name = record.__display_name;
    } else if (field.type === "many2one") {
      const labels = await displayNames(env, field.relation!, records.map((r) => r[name]).filter((v): v is number => typeof v === "number"));
      for (const record of records) {
        const value = record[name];
        record[name] = typeof value === "number" ? [value, labels.get(value) ?? ""] : false;
      }
    } else if (field.type === "one2many") {
      const related = env.models.get(field.relation!);
      const { rows: children } = await env.cr.query<{ parent: number; id: number }>(
        `SELECT ${ident(field.inverse!)} AS parent, id FROM ${ident(related.table)} WHERE ${ident(field.inverse!)} = ANY($1) ORDER BY id`,
        [records.map((record) => record.id)],
      );
      for (const record of records) record[name] = children.filter((child) => child.parent === record.id).map((child) => child.id);
    } else {
      const numeric = field.type === "integer" || field.type === "float" || field.type === "monetary";
      for (const record of records) if (record[name] === null) record[name] = numeric ? 0 : false;
    }
  }
  return records.map(({ __display_name, ...record }) => record);
}

export async function read(env: Env, model: ModelDef, ids: number[], fields: string[] | null | undefined): Promise<Record<string, unknown>[]> {
  checkAccess(env, model, "read");
  await checkRecords(env, model, ids, "read");
  return readRecords(env, model, ids, fields);
}

export async function searchRead(
  env: Env,
  model: ModelDef,
  domain: Domain,
  fields: string[] | null | undefined,
  options: SearchOptions,
): Promise<Record<string, unknown>[]> {
  fieldNames(model, fields); // refuse a bad field before searching
  const ids = await search(env, model, domain, options);
  return readRecords(env, model, ids, fields);
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
