/** `/web/dataset/call_kw`: finds the model and method, binds the arguments, runs it as the user. */
import { z } from "zod";
import type { Database } from "../db/database";
import { postgresErrorInfo } from "../db/database";
import { AccessError, PyAttributeError, PyKeyError, PyValueError, ValidationError } from "../errors";
import type { Env, ModelDef, ModelRegistry, User } from "../models/base/model";
import type { CallLimits } from "../limits";
import { checkAnswerSize } from "./answer_size";
import { ChangeSet } from "../bus/changes";
import { bindArguments, check } from "./arguments";
import { BASE_METHODS } from "./base_methods";
import { checkWriteSize } from "./limits";
import { applyOnce, fingerprintOf } from "./idempotency";
import { runReadOnly } from "./read_only";

const CallKwParams = z.object({
  model: z.string({ error: "params.model must be a model name such as \"sale.order\"" }),
  method: z.string({ error: "params.method must be a method name such as \"search_read\"" }),
  args: z.array(z.unknown(), { error: "params.args must be a list" }).default([]),
  kwargs: z.record(z.string(), z.unknown(), { error: "params.kwargs must be a dictionary" }).default({}),
});

export interface CallContext {
  db: Database;
  models: ModelRegistry;
  user: User;
  carrierUrl: string;
  sleep(ms: number): Promise<void>;
  limits: CallLimits;
  /** The call's Idempotency-Key: a write is then applied once per key (see idempotency.ts). */
  key?: string | undefined;
}

/** A call's answer, and whether it is the stored answer of an earlier call with the same key. */
export interface CallOutcome {
  result: unknown;
  replayed: boolean;
}

/** Odoo's `_as_validation_error`: an IntegrityError from PostgreSQL, told as Odoo tells it, caused by it. */
function asValidationError(models: ModelRegistry, error: unknown): unknown {
  const pg = postgresErrorInfo(error);
  if (!pg?.code.startsWith("23")) return error;
  const model = models.all().find((candidate) => candidate.table === pg.table);
  const modelLine = model ? `Model: ${model.description} (${model.name})` : `Model: Unknown (unknown)`;
  const constraint = pg.constraint;
  const known = constraint ? models.all().map((candidate) => candidate.sqlConstraints?.[constraint]).find(Boolean) : undefined;
  let message: string;
  if (pg.code === "23502") {
    const field = model && pg.column && Object.hasOwn(model.fields, pg.column) ? model.fields[pg.column]! : undefined;
    message =
      "The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n" +
      `${modelLine}\nField: ${field?.string ?? "Unknown"} (${pg.column ?? "unknown"})\n`;
  } else if (pg.code === "23503") {
    message = `The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\n${modelLine}\nConstraint: ${pg.constraint ?? "unknown"}\n`;
  } else if (known) {
    message = `The operation cannot be completed: ${known}`;
  } else {
    message = `The operation cannot be completed: ${pg.message}`;
  }
  return new ValidationError(message, { cause: error });
}

function lookup(models: ModelRegistry, modelName: string, methodName: string): { model: ModelDef; method: NonNullable<ModelDef["methods"]>[string] } {
  if (methodName.startsWith("_")) throw new AccessError(`Private methods (such as ${methodName}) cannot be called remotely.`);
  if (!models.has(modelName)) throw new PyKeyError(`'${modelName}' is not a model of this database`);
  const model = models.get(modelName);
  const method = (model.methods && Object.hasOwn(model.methods, methodName) ? model.methods[methodName] : undefined) ??
    (Object.hasOwn(BASE_METHODS, methodName) ? BASE_METHODS[methodName] : undefined);
  if (!method) throw new PyAttributeError(`The method '${methodName}' does not exist on the model '${model.name}'`);
  return { model, method };
}

/** Runs one call_kw request; throws Odoo exceptions for everything the caller got wrong. */
export async function callKw(ctx: CallContext, rawParams: unknown): Promise<CallOutcome> {
  const parsed = CallKwParams.safeParse(rawParams ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PyValueError(issue.path.length ? issue.message : "call_kw needs params {model, method, args, kwargs}");
  }
  const { model: modelName, method: methodName, args, kwargs } = parsed.data;
  const { model, method } = lookup(ctx.models, modelName, methodName);
  const { context, ...rest } = kwargs;
  if (context !== undefined && (typeof context !== "object" || context === null || Array.isArray(context))) {
    throw new PyValueError(`${methodName}(): context must be a dictionary, got ${JSON.stringify(context)}`);
  }
  if (!method.model && args.length === 0) throw new PyValueError(`${methodName}() is a record method: pass the record ids as args[0]`);
  const ids = method.model ? [] : check.ids(methodName, args[0]);
  const bound = bindArguments(methodName, method.params, method.model ? args : args.slice(1), rest);
  // Before the transaction: a refused call never holds the database.
  if (!method.readonly) checkWriteSize(methodName, ids, bound, ctx.limits);
  const userContext = { lang: ctx.user.lang, tz: ctx.user.tz, uid: ctx.user.id };
  const changes = new ChangeSet();
  const makeEnv = (cr: Env["cr"]): Env => ({
    cr,
    user: ctx.user,
    context: { ...userContext, ...(context as Record<string, unknown> | undefined) },
    models: ctx.models,
    carrierUrl: ctx.carrierUrl,
    sleep: ctx.sleep,
    limits: ctx.limits,
    changed: (name, changedIds, removed) => changes.add(name, changedIds, removed),
  });
  // The answer's size is checked inside the transaction: a write whose answer is refused is not applied.
  const answer = async (cr: Env["cr"]) => {
    const result = await method.run(makeEnv(cr), model, ids, bound);
    checkAnswerSize(`/web/dataset/call_kw/${model.name}/${methodName}`, result, ctx.limits.maxAnswerBytes);
    return result;
  };
  try {
    // A method that only reads changes nothing: run again, it answers again (its key has nothing to keep).
    if (method.readonly) return { result: await runReadOnly(ctx.db, answer), replayed: false };
    return await ctx.db.transaction(async (tx) => {
      const run = () => answer(tx);
      const outcome = ctx.key === undefined ? { result: await run(), replayed: false } : await applyOnce(tx, { uid: ctx.user.id, key: ctx.key, fingerprint: fingerprintOf(parsed.data) }, run);
      // Last, with the transaction's commit: whatever the method was, what it changed is told in one place.
      await changes.publish(tx);
      return outcome;
    });
  } catch (error) {
    throw asValidationError(ctx.models, error);
  }
}
