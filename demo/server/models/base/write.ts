/** The base model's write methods: create, write, unlink, with one2many commands and value checks. */
import { PyValueError } from "../../errors";
import { ident } from "../../orm/sql";
import { checkAccess, checkRecords } from "./access";
import type { Env, Field, ModelDef } from "./model";
import { claimVersions } from "./versions";
import { isPlainObject, show } from "../../values";


function wrongValue(model: ModelDef, name: string, value: unknown, expected: string): never {
  throw new PyValueError(`Wrong value for ${model.name}.${name}: ${show(value)} (expected ${expected})`);
}

/** A field value as the column takes it; false/null empties it. */
function columnValue(model: ModelDef, name: string, field: Field, value: unknown): unknown {
  if (value === false && field.type !== "boolean") return null;
  if (value === null) return null;
  switch (field.type) {
    case "integer":
      return Number.isSafeInteger(value) ? value : wrongValue(model, name, value, "an integer");
    case "float":
    case "monetary":
      return typeof value === "number" && Number.isFinite(value) ? value : wrongValue(model, name, value, "a number");
    case "boolean":
      return typeof value === "boolean" ? value : wrongValue(model, name, value, "true or false");
    case "char":
    case "text":
      return typeof value === "string" ? value : wrongValue(model, name, value, "a string");
    case "date":
    case "datetime":
      return typeof value === "string" ? value : wrongValue(model, name, value, `a ${field.type} string`);
    case "selection":
      return field.selection!.some(([key]) => key === value) ? value : wrongValue(model, name, value, `one of ${field.selection!.map(([key]) => key).join(", ")}`);
    case "many2one":
      return Number.isSafeInteger(value) && (value as number) > 0 ? value : wrongValue(model, name, value, "a record id");
    case "one2many":
      throw new Error("one2many values are commands, handled apart");
  }
}

/** Splits `vals` into column values and one2many commands, refusing unknown and computed fields. */
function splitValues(model: ModelDef, vals: unknown): { columns: Record<string, unknown>; commands: [string, unknown[]][] } {
  if (!isPlainObject(vals)) throw new PyValueError(`Values for ${model.name} must be a dictionary of field values, got ${show(vals)}`);
  const columns: Record<string, unknown> = {};
  const commands: [string, unknown[]][] = [];
  for (const [name, value] of Object.entries(vals)) {
    const field = Object.hasOwn(model.fields, name) ? model.fields[name]! : undefined;
    if (!field) throw new PyValueError(`Invalid field '${name}' on model '${model.name}'`);
    if (field.readonly) throw new PyValueError(`Field '${name}' of '${model.name}' is computed by the server and cannot be written`);
    if (field.type === "one2many") {
      if (!Array.isArray(value)) wrongValue(model, name, value, "a list of commands such as [0, 0, {…}]");
      commands.push([name, value]);
    } else {
      columns[name] = columnValue(model, name, field, value);
    }
  }
  return { columns, commands };
}

async function insert(env: Env, model: ModelDef, columns: Record<string, unknown>): Promise<number> {
  const names = Object.keys(columns);
  const placeholders = names.map((_, index) => `$${index + 1}`);
  const sql = names.length
    ? `INSERT INTO ${ident(model.table)} (${names.map(ident).join(", ")}) VALUES (${placeholders.join(", ")}) RETURNING id`
    : `INSERT INTO ${ident(model.table)} DEFAULT VALUES RETURNING id`;
  const { rows } = await env.cr.query<{ id: number }>(sql, Object.values(columns));
  return rows[0]!.id;
}

async function update(env: Env, model: ModelDef, ids: number[], columns: Record<string, unknown>): Promise<void> {
  const names = Object.keys(columns);
  if (!names.length || !ids.length) return;
  const sets = names.map((name, index) => `${ident(name)} = $${index + 2}`);
  await env.cr.query(`UPDATE ${ident(model.table)} SET ${sets.join(", ")} WHERE id = ANY($1)`, [ids, ...Object.values(columns)]);
}

/** One2many commands: [0, 0, vals] create, [1, id, vals] update, [2, id] delete (Odoo's Command). */
async function applyCommands(env: Env, model: ModelDef, parentId: number, commands: [string, unknown[]][]): Promise<void> {
  for (const [name, list] of commands) {
    const field = model.fields[name]!;
    const related = env.models.get(field.relation!);
    const ownIds = async () =>
      new Set((await env.cr.query<{ id: number }>(`SELECT id FROM ${ident(related.table)} WHERE ${ident(field.inverse!)} = $1`, [parentId])).rows.map((row) => row.id));
    // Consecutive creates go in one batch: an order's 500 lines are inserted one by one, but their
    // record rules and totals are checked and computed once (on PGlite every round trip holds everyone).
    let batch: Record<string, unknown>[] = [];
    const flush = async () => {
      if (batch.length) await createRecords(env, related, batch);
      batch = [];
    };
    for (const [index, command] of list.entries()) {
      const where = `${model.name}.${name}[${index}]`;
      if (!Array.isArray(command) || typeof command[0] !== "number") throw new PyValueError(`${where}: ${show(command)} is not a command such as [0, 0, {…}]`);
      const [kind, id, vals] = command as [number, unknown, unknown];
      // A line stays with its record: moving it elsewhere would skip the other record's rules and totals.
      if (isPlainObject(vals) && field.inverse! in vals && vals[field.inverse!] !== parentId) {
        throw new PyValueError(`${where}: ${field.inverse} cannot be changed through ${model.name}.${name} (a line stays with ${model.name}(${parentId}))`);
      }
      if (kind === 0) {
        if (!isPlainObject(vals)) throw new PyValueError(`${where}: command 0 needs a dictionary of values, got ${show(vals)}`);
        checkAccess(env, related, "create");
        batch.push({ ...vals, [field.inverse!]: parentId });
        continue;
      }
      await flush();
      if (kind === 1 || kind === 2) {
        if (typeof id !== "number" || !(await ownIds()).has(id)) throw new PyValueError(`${where}: ${show(id)} is not a line of ${model.name}(${parentId})`);
        // The line's own access rights and record rules, before the change and (for an update) after it.
        checkAccess(env, related, kind === 1 ? "write" : "unlink");
        await checkRecords(env, related, [id], kind === 1 ? "write" : "unlink");
        if (kind === 1) {
          await writeRecords(env, related, [id], vals);
          await checkRecords(env, related, [id], "write");
        } else {
          await unlinkRecords(env, related, [id]);
        }
      } else {
        throw new PyValueError(`${where}: command ${kind} is not supported here (0 create, 1 update, 2 delete)`);
      }
    }
    await flush();
  }
}

async function createRecords(env: Env, model: ModelDef, valsList: unknown[]): Promise<number[]> {
  const created: { id: number; commands: [string, unknown[]][] }[] = [];
  for (const vals of valsList) {
    const prepared = model.prepareCreate && isPlainObject(vals) ? await model.prepareCreate(env, vals) : vals;
    const { columns, commands } = splitValues(model, prepared);
    created.push({ id: await insert(env, model, columns), commands });
  }
  const ids = created.map((record) => record.id);
  // Record rules apply to what is created too (a salesperson cannot create an order for someone
  // else), checked before the lines, so the refusal names the records themselves.
  await checkRecords(env, model, ids, "create");
  for (const { id, commands } of created) await applyCommands(env, model, id, commands);
  await model.afterWrite?.(env, ids);
  env.changed(model.name, ids);
  return ids;
}

async function writeRecords(env: Env, model: ModelDef, ids: number[], vals: unknown): Promise<void> {
  const { columns, commands } = splitValues(model, vals);
  // First, and whatever is written (lines alone too): the version the user saw, checked and moved on.
  await claimVersions(env, model, ids);
  await update(env, model, ids, columns);
  for (const id of ids) await applyCommands(env, model, id, commands);
  await model.afterWrite?.(env, ids);
  env.changed(model.name, ids);
}

async function unlinkRecords(env: Env, model: ModelDef, ids: number[]): Promise<void> {
  await model.beforeUnlink?.(env, ids);
  const { rows } = await env.cr.query<Record<string, unknown>>(`DELETE FROM ${ident(model.table)} WHERE id = ANY($1) RETURNING *`, [ids]);
  await model.afterUnlink?.(env, rows);
  env.changed(model.name, ids, rows);
}

/** `create(vals_list)`: one dictionary or a list of them; returns the new ids. */
/** Odoo 17's `create`: a list of dicts makes a list of ids; one dict makes one record and answers its id. */
export async function create(env: Env, model: ModelDef, valsList: unknown): Promise<number[] | number> {
  checkAccess(env, model, "create");
  const single = !Array.isArray(valsList);
  const ids = await createRecords(env, model, single ? [valsList] : valsList);
  // And once more with everything written (afterWrite may have changed what the rules look at).
  await checkRecords(env, model, ids, "create");
  return single ? ids[0]! : ids;
}

export async function write(env: Env, model: ModelDef, ids: number[], vals: unknown): Promise<true> {
  checkAccess(env, model, "write");
  await checkRecords(env, model, ids, "write");
  await writeRecords(env, model, ids, vals);
  await checkRecords(env, model, ids, "write");
  return true;
}

export async function unlink(env: Env, model: ModelDef, ids: number[]): Promise<true> {
  checkAccess(env, model, "unlink");
  await checkRecords(env, model, ids, "unlink");
  await claimVersions(env, model, ids);
  await unlinkRecords(env, model, ids);
  return true;
}
