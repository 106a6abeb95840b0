/** An `order` spec ("amount_total desc, name") checked against the model and turned into ORDER BY. */
import { PyValueError } from "../errors";
import type { ModelDef, ModelRegistry } from "../models/base/model";
import { ident } from "./sql";

const TERM = /^\s*([a-z_][a-z0-9_]*)(?:\s+(asc|desc))?(?:\s+nulls\s+(first|last))?\s*$/i;

export function invalidOrder(order: unknown): never {
  throw new PyValueError(
    `Invalid "order" specified (${JSON.stringify(order)}). A valid "order" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)`,
  );
}

/** ORDER BY terms for `order` (the model's default when empty); `id` breaks ties so paging is stable. */
export function orderBy(models: ModelRegistry, model: ModelDef, order: unknown, alias: string): string {
  const spec = order === null || order === undefined || order === false || order === "" ? model.order : order;
  if (typeof spec !== "string") invalidOrder(order);
  const terms = spec.split(",").map((part) => {
    const match = TERM.exec(part);
    if (!match) invalidOrder(order);
    const [, name, direction = "asc", nulls] = match as unknown as [string, string, string | undefined, string | undefined];
    const field = name === "id" ? { type: "integer" as const } : Object.hasOwn(model.fields, name) ? model.fields[name] : undefined;
    if (!field || field.type === "one2many") invalidOrder(order);
    let expression = `${alias}.${ident(name)}`;
    if (field.type === "many2one") {
      // Odoo orders a many2one by the related record; here by its display name.
      const related = models.get((field as { relation: string }).relation);
      expression = `(SELECT r.${ident(related.recName)} FROM ${ident(related.table)} r WHERE r.id = ${alias}.${ident(name)})`;
    }
    return `${expression} ${direction.toUpperCase()}${nulls ? ` NULLS ${nulls.toUpperCase()}` : ""}`;
  });
  if (!/\bid\b/.test(spec)) terms.push(`${alias}.id ASC`);
  return terms.join(", ");
}
