/**
 * The cost of a call's arguments, counted before any SQL is built: a domain's leaves, the relations
 * its paths follow and its patterns, and the records a create or write would make or change.
 */
import { overLimit, type CallLimits } from "../limits";
import { MAX_PATH_STEPS } from "./domain";
import { isPlainObject } from "../values";

const LIKE = new Set(["like", "ilike", "not like", "not ilike", "=like", "=ilike"]);

/** Refuses a domain past the bounds; a malformed one is left to the compiler, which says what is wrong. */
export function checkDomainCost(what: string, domain: unknown[], limits: CallLimits): void {
  let leaves = 0;
  let joins = 0;
  for (const term of domain) {
    if (!Array.isArray(term) || term.length !== 3) continue;
    leaves++;
    const [path, operator, value] = term as [unknown, unknown, unknown];
    // A path past MAX_PATH_STEPS is the compiler's to refuse, with its own message.
    if (typeof path === "string") joins += Math.min(path.split(".").length, MAX_PATH_STEPS) - 1;
    if (typeof operator === "string" && LIKE.has(operator.toLowerCase()) && typeof value === "string" && value.length > limits.maxPatternLength) {
      const leaf = `${String(path).slice(0, 120)} ${operator.slice(0, 20)}`;
      throw overLimit(`${what}: the pattern of leaf ${leaves} (${leaf}) has`, value.length, "characters", limits.maxPatternLength);
    }
  }
  if (leaves > limits.maxDomainLeaves) throw overLimit(`${what}: the domain has`, leaves, "leaves", limits.maxDomainLeaves);
  if (joins > limits.maxDomainJoins) throw overLimit(`${what}: the domain's paths follow`, joins, "relations", limits.maxDomainJoins);
}


/** The one2many commands in `vals` (each a record), with those of the dictionaries they carry; `depth` bounds the walk. */
function commandsIn(vals: Record<string, unknown>, depth: number): number {
  let total = 0;
  for (const value of Object.values(vals)) {
    if (!Array.isArray(value)) continue;
    for (const command of value) {
      if (!Array.isArray(command)) continue;
      total += 1;
      const nested: unknown = command[2];
      if (depth < 4 && isPlainObject(nested)) total += commandsIn(nested, depth + 1);
    }
  }
  return total;
}

/**
 * Refuses a create, write or web_save that would make or change more records than `maxWriteRecords`:
 * `vals_list`'s dictionaries with their commands, or a write's commands once per record written.
 */
export function checkWriteSize(method: string, ids: number[], args: Record<string, unknown>, limits: CallLimits): void {
  let records = 0;
  // web_save is a create without ids, a write with them.
  const creates = method === "create" || (method === "web_save" && !ids.length);
  if (creates) {
    const given = method === "create" ? args.vals_list : args.vals;
    for (const vals of Array.isArray(given) ? given : [given]) records += isPlainObject(vals) ? 1 + commandsIn(vals, 0) : 1;
  } else if ((method === "write" || method === "web_save") && isPlainObject(args.vals)) {
    records = ids.length * commandsIn(args.vals, 0);
  }
  if (records > limits.maxWriteRecords) {
    throw overLimit(`${method}(): the call would create, change or delete`, records, "records (dictionaries and one2many commands)", limits.maxWriteRecords, " in one call");
  }
}
