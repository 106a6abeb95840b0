/**
 * Odoo domains (prefix notation: "&", "|", "!" and [field, operator, value] leaves) compiled to
 * parameterized SQL. Field names are looked up in the model's fields, never copied into the SQL;
 * values only ever travel as parameters.
 */
import { PyValueError } from "../errors";
import type { Domain, Field, ModelDef, ModelRegistry } from "../models/base/model";
import { ident, type Params } from "./sql";
import { show } from "../values";

export const DOMAIN_OPERATORS = ["=", "!=", "<", ">", "<=", ">=", "in", "not in", "like", "ilike", "not like", "not ilike", "=like", "=ilike"] as const;
type Operator = (typeof DOMAIN_OPERATORS)[number];
const LIKE_SQL: Partial<Record<Operator, string>> = {
  like: "LIKE",
  ilike: "ILIKE",
  "not like": "NOT LIKE",
  "not ilike": "NOT ILIKE",
  "=like": "LIKE",
  "=ilike": "ILIKE",
};


function invalid(domain: unknown, why: string): never {
  throw new PyValueError(`Invalid domain ${show(domain)}: ${why}`);
}

/** The stored column of a field, or a clear error naming the model and the leaf. */
export function storedField(model: ModelDef, name: unknown, where: string): Field & { column: string } {
  const field = typeof name === "string" && Object.hasOwn(model.fields, name) ? model.fields[name] : undefined;
  if (!field) throw new PyValueError(`Invalid field ${show(name)} on model '${model.name}' in ${where}`);
  if (field.type === "one2many") throw new PyValueError(`Field '${name as string}' of '${model.name}' is not stored in a column (in ${where})`);
  return { ...field, column: name as string };
}

/** Every record's id, which no model lists among its fields. */
const ID_FIELD: Field = { type: "integer", string: "ID", readonly: true };

type Scalar = string | number | boolean | null;
const isScalar = (value: unknown): value is Scalar =>
  value === null || typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));

/** The most fields a domain path may name (`partner_id.country_id.code` names 3). */
export const MAX_PATH_STEPS = 6;

export class DomainCompiler {
  constructor(
    private readonly models: ModelRegistry,
    private readonly params: Params,
  ) {}

  /** `domain` on `model` as a SQL condition over the table aliased `alias` ("TRUE" when empty). */
  compile(model: ModelDef, domain: Domain, alias: string): string {
    if (!Array.isArray(domain)) invalid(domain, "a domain is a list of terms");
    const stack: string[] = [];
    for (let index = domain.length - 1; index >= 0; index--) {
      const term: unknown = domain[index];
      if (term === "!") {
        if (stack.length < 1) invalid(domain, `operator '!' at position ${index} has no operand`);
        stack.push(`(NOT ${stack.pop()!})`);
      } else if (term === "&" || term === "|") {
        if (stack.length < 2) invalid(domain, `operator '${term}' at position ${index} needs two operands`);
        const first = stack.pop()!;
        const second = stack.pop()!;
        stack.push(`(${first} ${term === "&" ? "AND" : "OR"} ${second})`);
      } else {
        stack.push(this.leaf(model, term, alias, domain));
      }
    }
    // Terms left side by side are joined with an implicit "&", as Odoo does.
    return stack.length ? stack.reverse().join(" AND ") : "TRUE";
  }

  private leaf(model: ModelDef, term: unknown, alias: string, domain: unknown): string {
    if (!Array.isArray(term) || term.length !== 3) invalid(domain, `${show(term)} is not a valid term: a term is [field, operator, value] or one of "&", "|", "!"`);
    const [path, operator, value] = term as [unknown, unknown, unknown];
    if (path === 1 && operator === "=" && value === 1) return "TRUE";
    if (path === 0 && operator === "=" && value === 1) return "FALSE";
    if (typeof operator !== "string" || !(DOMAIN_OPERATORS as readonly string[]).includes(operator.toLowerCase())) {
      invalid(domain, `${show(operator)} in ${show(term)} is not a valid operator (one of ${DOMAIN_OPERATORS.join(", ")})`);
    }
    if (typeof path !== "string" || !path) invalid(domain, `${show(path)} in ${show(term)} is not a field name`);
    const steps = path.split(".");
    // Each step is a join: a path of dozens of steps would hold the database (and this server) for seconds.
    if (steps.length > MAX_PATH_STEPS) {
      throw new PyValueError(`'${path.length > 80 ? `${path.slice(0, 80)}…` : path}' follows ${steps.length - 1} relations; a domain path may follow at most ${MAX_PATH_STEPS - 1} (in leaf ${show(term).slice(0, 120)})`);
    }
    return this.condition(model, steps, operator.toLowerCase() as Operator, value, alias, show(term));
  }

  private condition(model: ModelDef, path: string[], operator: Operator, value: unknown, alias: string, where: string): string {
    const [name, ...rest] = path as [string, ...string[]];
    const field = name === "id" ? ID_FIELD : Object.hasOwn(model.fields, name) ? model.fields[name]! : undefined;
    if (!field) throw new PyValueError(`Invalid field '${name}' on model '${model.name}' in leaf ${where}`);
    if (rest.length) {
      if (field.type !== "many2one" && field.type !== "one2many") {
        throw new PyValueError(`Field '${name}' of '${model.name}' is not relational, so '${path.join(".")}' cannot follow it (in leaf ${where})`);
      }
      const related = this.models.get(field.relation!);
      const sub = `${alias}_${name}`;
      const inner = this.condition(related, rest, operator, value, sub, where);
      if (field.type === "many2one") return `${alias}.${ident(name)} IN (SELECT ${sub}.id FROM ${ident(related.table)} ${sub} WHERE ${inner})`;
      return `${alias}.id IN (SELECT ${sub}.${ident(field.inverse!)} FROM ${ident(related.table)} ${sub} WHERE ${inner})`;
    }
    if (field.type === "one2many") {
      throw new PyValueError(`Field '${name}' of '${model.name}' is a one2many: search on one of its fields ('${name}.id') (in leaf ${where})`);
    }
    const column = `${alias}.${ident(name)}`;
    if (field.type === "many2one" && typeof value === "string" && operator !== "in" && operator !== "not in") {
      // Odoo compares a many2one with a string through the related record's display name.
      const related = this.models.get(field.relation!);
      const negative = operator === "!=" || operator.startsWith("not ");
      const positive: Operator = operator === "!=" ? "=" : operator.startsWith("not ") ? (operator.slice(4) as Operator) : operator;
      const sub = `${alias}_${name}`;
      const inner = this.condition(related, [related.recName], positive, value, sub, where);
      const match = `${column} IN (SELECT ${sub}.id FROM ${ident(related.table)} ${sub} WHERE ${inner})`;
      return negative ? `(${column} IS NULL OR NOT ${match})` : match;
    }
    return this.compare(column, field, operator, value, where);
  }

  private compare(column: string, field: Field, operator: Operator, value: unknown, where: string): string {
    if (operator === "in" || operator === "not in") {
      if (!Array.isArray(value)) throw new PyValueError(`The value of '${operator}' must be a list, got ${show(value)} in leaf ${where}`);
      if (!value.every(isScalar)) throw new PyValueError(`The list of '${operator}' may hold only numbers, strings and booleans, in leaf ${where}`);
      const hasFalse = value.some((item) => item === false || item === null);
      const items = value.filter((item) => item !== false && item !== null);
      const list = items.length ? `${column} = ANY(${this.params.add(items)})` : "FALSE";
      if (operator === "in") return hasFalse ? `(${list} OR ${column} IS NULL)` : list;
      return hasFalse ? `(NOT ${list} AND ${column} IS NOT NULL)` : `(${column} IS NULL OR NOT ${list})`;
    }
    if (!isScalar(value)) throw new PyValueError(`The value of '${operator}' must be a number, a string or a boolean, got ${show(value)} in leaf ${where}`);
    const like = LIKE_SQL[operator];
    if (like) {
      if (value === false || value === null) return operator.startsWith("not") ? `${column} IS NOT NULL` : `${column} IS NULL`;
      const pattern = operator.startsWith("=") ? String(value) : `%${String(value)}%`;
      const match = `${column}::text ${like} ${this.params.add(pattern)}`;
      return operator.startsWith("not") ? `(${column} IS NULL OR ${match})` : match;
    }
    if ((value === false || value === null) && (operator === "=" || operator === "!=")) {
      if (field.type === "boolean") return operator === "=" ? `(${column} IS NULL OR ${column} = false)` : `${column} = true`;
      return operator === "=" ? `${column} IS NULL` : `${column} IS NOT NULL`;
    }
    if (value === false || value === null) return "FALSE"; // Odoo: comparing with False by order matches nothing
    if (operator === "!=") return `(${column} IS NULL OR ${column} <> ${this.params.add(value)})`;
    return `${column} ${operator} ${this.params.add(value)}`;
  }
}
