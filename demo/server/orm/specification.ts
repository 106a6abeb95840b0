/**
 * Odoo 17's specification (web_read, web_search_read, web_save): which fields to read and how deep,
 * `{ field: { fields?, context?, limit?, order? } }`. Checked whole, within the call's bounds, before
 * any SQL is built; each refusal names its path, such as `specification.order_line.fields.product_id`.
 */
import { PyValueError } from "../errors";
import type { CallLimits } from "../limits";
import type { ModelDef, ModelRegistry, SpecField, SpecNode } from "../models/base/model";
import { orderBy } from "./order";
import { isPlainObject, show } from "../values";

/** How much of a sent value a refusal quotes (a specification may be large). */
const QUOTED = 200;

const KEYS = ["fields", "context", "limit", "order"];

class SpecParser {
  private count = 0;
  constructor(
    private readonly models: ModelRegistry,
    private readonly limits: CallLimits,
  ) {}

  /** `fanout`: how many records of `model` one top-level record may reach through the lists above. */
  node(model: ModelDef, spec: unknown, path: string, depth: number, fanout: number): SpecNode {
    if (!isPlainObject(spec)) throw new PyValueError(`${path} must be a dictionary of fields, such as {"name": {}}, got ${show(spec, QUOTED)}`);
    const fields: SpecField[] = [];
    for (const [name, options] of Object.entries(spec)) {
      const at = `${path}.${name}`;
      if (depth > this.limits.maxSpecDepth) {
        throw new PyValueError(`${at}: the specification is nested ${depth} levels deep; at most ${this.limits.maxSpecDepth} are allowed`);
      }
      if (++this.count > this.limits.maxSpecFields) {
        throw new PyValueError(`${at}: the specification names more than ${this.limits.maxSpecFields} fields; at most ${this.limits.maxSpecFields} are allowed`);
      }
      fields.push(this.field(model, name, options, at, depth, fanout));
    }
    return { model, fields };
  }

  private field(model: ModelDef, name: string, options: unknown, path: string, depth: number, fanout: number): SpecField {
    if (!isPlainObject(options)) throw new PyValueError(`${path} must be a dictionary such as {} or {"fields": {…}}, got ${show(options, QUOTED)}`);
    const unknown = Object.keys(options).find((key) => !KEYS.includes(key));
    if (unknown !== undefined) throw new PyValueError(`${path}: unknown key '${unknown}' (valid keys: ${KEYS.join(", ")})`);
    const field = Object.hasOwn(model.fields, name) ? model.fields[name] : undefined;
    if (!field && name !== "id" && name !== "display_name") throw new PyValueError(`${path}: Invalid field '${name}' on model '${model.name}'`);
    if (options.context !== undefined && !isPlainObject(options.context)) throw new PyValueError(`${path}.context must be a dictionary, got ${show(options.context, QUOTED)}`);
    const result: SpecField = { name, field, path };
    const relation = field?.relation;
    if (options.limit !== undefined || options.order !== undefined) {
      if (field?.type !== "one2many") throw new PyValueError(`${path}: only one2many fields take a limit or an order`);
      this.listOptions(result, this.models.get(relation!), options, path);
    }
    if (options.fields !== undefined) {
      if (!relation) throw new PyValueError(`${path}: '${name}' is a ${field?.type ?? "integer"} field of ${model.name}, so it has no fields to nest`);
      result.nested = this.node(this.models.get(relation), options.fields, `${path}.fields`, depth + 1, this.fanout(result, path, fanout));
    }
    return result;
  }

  /** The records one top-level record may reach under `spec`: lists in lists multiply, up to maxNestedRecords in all. */
  private fanout(spec: SpecField, path: string, fanout: number): number {
    if (spec.field?.type !== "one2many") return fanout;
    const bound = this.limits.maxNestedRecords;
    const reach = fanout * (spec.limit ?? bound);
    if (reach > bound) {
      throw new PyValueError(
        `${path}: lists nested in lists would read up to ${reach.toLocaleString("en-US")} records per record; at most ${bound.toLocaleString("en-US")} (maxNestedRecords): give the outer lists a smaller "limit"`,
      );
    }
    return reach;
  }

  private listOptions(result: SpecField, related: ModelDef, options: Record<string, unknown>, path: string): void {
    const { limit, order } = options;
    if (limit !== undefined && limit !== null && limit !== false) {
      if (!Number.isSafeInteger(limit) || (limit as number) < 0) throw new PyValueError(`${path}.limit must be a non-negative integer, got ${show(limit, QUOTED)}`);
      if ((limit as number) > this.limits.maxNestedRecords) {
        throw new PyValueError(`${path}.limit is ${limit as number}; at most ${this.limits.maxNestedRecords} records of a nested list are read in full`);
      }
      result.limit = limit as number;
    }
    if (order !== undefined && order !== null && order !== false && order !== "") {
      try {
        orderBy(this.models, related, order, "c");
      } catch (error) {
        throw new PyValueError(`${path}.order: ${(error as Error).message}`);
      }
      result.order = order as string;
    }
  }
}

/** The specification checked against `model` and the bounds; throws a ValueError naming the path of the first mistake. */
export function parseSpecification(models: ModelRegistry, model: ModelDef, spec: unknown, limits: CallLimits): SpecNode {
  return new SpecParser(models, limits).node(model, spec, "specification", 1, 1);
}
