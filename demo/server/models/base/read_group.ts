/** `read_group` as Odoo 17 answers it: groups with counts, aggregates, `__domain` and `__range`. */
import { PyValueError } from "../../errors";
import { DomainCompiler } from "../../orm/domain";
import { Params, ident } from "../../orm/sql";
import { checkAccess, ruleDomain } from "./access";
import { displayNames } from "./read";
import type { Domain, Env, Field, ModelDef } from "./model";

const GRANULARITIES = ["day", "week", "month", "quarter", "year"] as const;
type Granularity = (typeof GRANULARITIES)[number];
const AGGREGATES = ["sum", "avg", "min", "max", "count", "count_distinct", "bool_and", "bool_or"] as const;
const NUMERIC = new Set(["integer", "float", "monetary"]);
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

interface GroupBy {
  spec: string;
  name: string;
  field: Field;
  granularity: Granularity | undefined;
}
interface Aggregate {
  alias: string;
  sql: string;
}

function parseGroupBy(model: ModelDef, spec: unknown): GroupBy {
  if (typeof spec !== "string") throw new PyValueError(`Invalid groupby ${JSON.stringify(spec)} on '${model.name}': a groupby is "field" or "field:granularity"`);
  const [name = "", granularity, extra] = spec.split(":");
  const field = Object.hasOwn(model.fields, name) ? model.fields[name]! : undefined;
  if (!field || field.type === "one2many" || extra !== undefined) throw new PyValueError(`Invalid field '${spec}' on model '${model.name}' for groupby`);
  const temporal = field.type === "date" || field.type === "datetime";
  if (granularity !== undefined && (!temporal || !(GRANULARITIES as readonly string[]).includes(granularity))) {
    throw new PyValueError(`Invalid granularity '${granularity}' for '${name}' on '${model.name}' (${temporal ? GRANULARITIES.join(", ") : "only date fields have one"})`);
  }
  return { spec, name, field, granularity: temporal ? ((granularity as Granularity | undefined) ?? "month") : undefined };
}

/** "amount_total", "amount_total:max" or "top:max(amount_total)"; numeric fields sum by default. */
function parseAggregate(model: ModelDef, spec: unknown, groupNames: Set<string>): Aggregate | undefined {
  if (typeof spec !== "string") throw new PyValueError(`Invalid field specification ${JSON.stringify(spec)} for read_group on '${model.name}'`);
  const match = /^([a-z_][a-z0-9_]*)(?::([a-z_]+)(?:\(([a-z_][a-z0-9_]*)\))?)?$/.exec(spec);
  if (!match) throw new PyValueError(`Invalid field specification '${spec}' for read_group on '${model.name}'`);
  const [, alias, func, source] = match as unknown as [string, string, string | undefined, string | undefined];
  const name = source ?? alias;
  if (name === "__count" || groupNames.has(name)) return undefined;
  const field = Object.hasOwn(model.fields, name) ? model.fields[name]! : name === "id" ? ({ type: "integer", string: "ID" } as Field) : undefined;
  if (!field || field.type === "one2many") throw new PyValueError(`Invalid field '${name}' on model '${model.name}'`);
  if (func !== undefined && !(AGGREGATES as readonly string[]).includes(func)) {
    throw new PyValueError(`Invalid aggregation function '${func}' (one of ${AGGREGATES.join(", ")})`);
  }
  const aggregate = func ?? (NUMERIC.has(field.type) && name !== "id" ? "sum" : undefined);
  if (!aggregate) return undefined; // Odoo leaves out fields that have no aggregator
  const column = `t.${ident(name)}`;
  const sql = aggregate === "count_distinct" ? `count(DISTINCT ${column})` : `${aggregate}(${column})`;
  return { alias, sql };
}

function groupExpression(group: GroupBy): string {
  const column = `t.${ident(group.name)}`;
  // As text, so PGlite and pg read the period start the same way whatever the process's time zone.
  return group.granularity ? `to_char(date_trunc('${group.granularity}', ${column}), 'YYYY-MM-DD HH24:MI:SS')` : column;
}

const pad = (value: number) => String(value).padStart(2, "0");
const sqlTime = (date: Date) => `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} 00:00:00`;

function periodLabel(start: Date, granularity: Granularity): string {
  const year = start.getUTCFullYear();
  switch (granularity) {
    case "day":
      return `${pad(start.getUTCDate())} ${MONTHS[start.getUTCMonth()]!.slice(0, 3)} ${year}`;
    case "week": {
      // ISO week: week 1 holds January 4th; weeks start on Monday (date_trunc's too).
      const isoYear = new Date(start.getTime() + 3 * 86_400_000).getUTCFullYear();
      const jan4 = new Date(Date.UTC(isoYear, 0, 4));
      const week1 = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000;
      return `W${pad(1 + Math.floor((start.getTime() - week1) / 604_800_000))} ${isoYear}`;
    }
    case "month":
      return `${MONTHS[start.getUTCMonth()]} ${year}`;
    case "quarter":
      return `Q${Math.floor(start.getUTCMonth() / 3) + 1} ${year}`;
    case "year":
      return String(year);
  }
}

export interface ReadGroupOptions {
  offset: number;
  limit: number | null;
  orderby: unknown;
  lazy: boolean;
}

export async function readGroup(env: Env, model: ModelDef, domain: Domain, fields: unknown[], groupby: unknown, options: ReadGroupOptions): Promise<Record<string, unknown>[]> {
  checkAccess(env, model, "read");
  const specs = typeof groupby === "string" ? [groupby] : groupby;
  if (!Array.isArray(specs) || !specs.length) throw new PyValueError(`read_group on '${model.name}' needs at least one groupby field`);
  const allGroups = specs.map((spec) => parseGroupBy(model, spec));
  const groups = options.lazy ? allGroups.slice(0, 1) : allGroups;
  const groupNames = new Set(groups.map((group) => group.name));
  const aggregates = fields.flatMap((spec) => parseAggregate(model, spec, groupNames) ?? []);

  const params = new Params();
  const compiler = new DomainCompiler(env.models, params);
  const rule = ruleDomain(env, model);
  const condition = compiler.compile(model, domain, "t") + (rule.length ? ` AND ${compiler.compile(model, rule, "t")}` : "");
  const keys = groups.map((group, index) => `${groupExpression(group)} AS "g${index}"`);
  const select = [...keys, `count(*) AS "__count"`, ...aggregates.map((a, index) => `${a.sql} AS "a${index}"`)];
  const known = new Map<string, string>([["__count", `"__count"`], ...groups.map((g, i) => [g.spec, `"g${i}"`] as [string, string]), ...groups.map((g, i) => [g.name, `"g${i}"`] as [string, string]), ...aggregates.map((a, i) => [a.alias, `"a${i}"`] as [string, string])]);
  const order = orderTerms(options.orderby, known, groups.length);
  let sql = `SELECT ${select.join(", ")} FROM ${ident(model.table)} t WHERE ${condition} GROUP BY ${groups.map((_, i) => `"g${i}"`).join(", ")} ORDER BY ${order}`;
  if (options.limit !== null) sql += ` LIMIT ${params.add(options.limit)}`;
  if (options.offset) sql += ` OFFSET ${params.add(options.offset)}`;
  const { rows } = await env.cr.query<Record<string, unknown>>(sql, params.values);

  const labels = new Map<number, Map<number, string>>();
  for (const [index, group] of groups.entries()) {
    if (group.field.type === "many2one") labels.set(index, await displayNames(env, group.field.relation!, rows.map((row) => row[`g${index}`]).filter((v): v is number => typeof v === "number")));
  }
  return rows.map((row) => {
    const result: Record<string, unknown> = {};
    const groupDomain: unknown[] = [];
    const range: Record<string, { from: string; to: string }> = {};
    for (const [index, group] of groups.entries()) {
      const value = row[`g${index}`];
      if (value === null || value === undefined) {
        result[group.spec] = false;
        groupDomain.push([group.name, "=", false]);
      } else if (group.granularity) {
        const start = new Date(`${String(value).replace(" ", "T")}Z`);
        const end = new Date(start);
        if (group.granularity === "day") end.setUTCDate(end.getUTCDate() + 1);
        else if (group.granularity === "week") end.setUTCDate(end.getUTCDate() + 7);
        else if (group.granularity === "month") end.setUTCMonth(end.getUTCMonth() + 1);
        else if (group.granularity === "quarter") end.setUTCMonth(end.getUTCMonth() + 3);
        else end.setUTCFullYear(end.getUTCFullYear() + 1);
        result[group.spec] = periodLabel(start, group.granularity);
        range[group.spec] = { from: sqlTime(start), to: sqlTime(end) };
        groupDomain.push([group.name, ">=", sqlTime(start)], [group.name, "<", sqlTime(end)]);
      } else if (group.field.type === "many2one") {
        result[group.spec] = [value, labels.get(index)?.get(value as number) ?? ""];
        groupDomain.push([group.name, "=", value]);
      } else {
        result[group.spec] = value;
        groupDomain.push([group.name, "=", value]);
      }
    }
    if (options.lazy && groups[0]) result[`${groups[0].name}_count`] = row.__count;
    else result.__count = row.__count;
    for (const [index, aggregate] of aggregates.entries()) result[aggregate.alias] = row[`a${index}`] ?? false;
    // Leaves side by side are an implicit "&": the group's records, within the request's domain.
    result.__domain = [...groupDomain, ...domain];
    if (Object.keys(range).length) result.__range = range;
    if (options.lazy && allGroups.length > 1) result.__context = { group_by: specs.slice(1) };
    return result;
  });
}

function orderTerms(orderby: unknown, known: Map<string, string>, groupCount: number): string {
  const fallback = Array.from({ length: groupCount }, (_, i) => `"g${i}" ASC`).join(", ");
  if (orderby === null || orderby === undefined || orderby === false || orderby === "") return fallback;
  if (typeof orderby !== "string") throw new PyValueError(`Invalid orderby ${JSON.stringify(orderby)} for read_group`);
  const terms = orderby.split(",").map((part) => {
    const match = /^\s*([a-z_][a-z0-9_]*(?::[a-z]+)?)(?:\s+(asc|desc))?\s*$/i.exec(part);
    const column = match ? known.get(match[1]!) : undefined;
    if (!match || !column) throw new PyValueError(`Invalid orderby '${orderby}' for read_group: order by a groupby field, an aggregate or __count`);
    return `${column} ${(match[2] ?? "asc").toUpperCase()}`;
  });
  return `${terms.join(", ")}, ${fallback}`;
}
