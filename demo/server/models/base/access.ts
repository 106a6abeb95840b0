/** Access rights (`ir.model.access`) and record rules (`ir.rule`), enforced whatever the client sends. */
import { AccessError, MissingError } from "../../errors";
import { DomainCompiler } from "../../orm/domain";
import { Params, ident } from "../../orm/sql";
import type { Domain, Env, ModelDef, Operation } from "./model";

const VERBS: Record<Operation, string> = { read: "access", write: "modify", create: "create", unlink: "delete" };

/** Throws Odoo's AccessError when the user's role may not `operation` the model at all. */
export function checkAccess(env: Env, model: ModelDef, operation: Operation): void {
  if (model.access[env.user.role][operation]) return;
  const group = model.accessGroups[operation];
  throw new AccessError(
    `You are not allowed to ${VERBS[operation]} '${model.description}' (${model.name}) records.\n\n` +
      (group ? `This operation is allowed for the following groups:\n\t- ${group}\n\n` : "") +
      "Contact your administrator to request access if necessary.",
  );
}

/** The record rule's domain for the user's role ([] when none applies). */
export function ruleDomain(env: Env, model: ModelDef): Domain {
  return model.rules?.[env.user.role]?.domain(env.user) ?? [];
}

/**
 * Checks that every id exists (MissingError) and passes the record rules for `operation`
 * (AccessError naming the records and the rule), as Odoo's `check_access_rule` does.
 */
export async function checkRecords(env: Env, model: ModelDef, ids: number[], operation: Operation): Promise<void> {
  if (!ids.length) return;
  const unique = [...new Set(ids)];
  const { rows } = await env.cr.query<{ id: number }>(`SELECT id FROM ${ident(model.table)} WHERE id = ANY($1)`, [unique]);
  const existing = new Set(rows.map((row) => row.id));
  const missing = unique.filter((id) => !existing.has(id));
  if (missing.length) {
    throw new MissingError(
      `Record does not exist or has been deleted.\n(Record: ${model.name}(${missing.join(", ")},), User: ${env.user.id})`,
    );
  }
  const rule = model.rules?.[env.user.role];
  if (!rule) return;
  const params = new Params();
  const idsParam = params.add(unique);
  const condition = new DomainCompiler(env.models, params).compile(model, rule.domain(env.user), "t");
  const allowed = await env.cr.query<{ id: number }>(
    `SELECT t.id FROM ${ident(model.table)} t WHERE t.id = ANY(${idsParam}) AND ${condition}`,
    params.values,
  );
  const allowedIds = new Set(allowed.rows.map((row) => row.id));
  const refused = unique.filter((id) => !allowedIds.has(id));
  if (!refused.length) return;
  // By id only: the names of records the user may not read are not theirs to learn.
  throw new AccessError(
    `Due to security restrictions, you are not allowed to ${VERBS[operation]} '${model.description}' (${model.name}) records.\n\n` +
      `Records: ${refused.slice(0, 5).map((id) => `${model.name}(${id})`).join(", ")}${refused.length > 5 ? ", …" : ""}\n` +
      `User: ${env.user.name} (id=${env.user.id})\n\n` +
      `This restriction is due to the following rules:\n- ${rule.name}\n\n` +
      "Contact your administrator to request access if necessary.",
  );
}
