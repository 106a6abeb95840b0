/**
 * An outbox entry as the app hands it over: checked and made before anything is kept, in the
 * service's own (small) module, so `outbox.call` can give back its entry at once while the line's
 * code loads on first use.
 */
import { browser } from "../../browser.js";
import { copyJSON, serializeParams, type JSONValue } from "../rpc/call/params.js";

/** An entry as stored: plain JSON, nothing of the page's objects. */
export interface StoredEntry {
  /** The database's order key (auto-increment), set when it is first stored. */
  seq?: number;
  id: string;
  /** Whose entry it is: the user and database it was made by (sent only under their session). */
  owner: string;
  model: string;
  method: string;
  args: JSONValue[];
  kwargs: { [key: string]: JSONValue };
  /** Its Idempotency-Key, the same on every send. */
  key: string;
  state: "waiting" | "sending" | "failed";
  virtualId?: string;
  /** What the user did, in their words, for the panel ("Confirm S00042"); else it is told from the method. */
  label?: string;
  error?: { name: string; message: string };
  /** It had to wait (queued behind others or while the server was away, or found after a reload): a failure then keeps it. */
  waited: boolean;
  createdAt: number;
}

/** An entry as the app sees it (a copy: changing it changes nothing); `createdAt` is when it was made (ms since the epoch). */
export type OutboxEntry = Omit<StoredEntry, "seq" | "owner" | "waited">;

const MODEL_NAME = /^[a-z_][a-z0-9_]*(\.[a-z0-9_]+)*$/;
const METHOD_NAME = /^[A-Za-z]\w*$/;

/** What `outbox.call` takes beside the call itself. */
export interface OutboxCallOptions {
  /** What the user did, shown in the outbox's panel ("Confirm S00042"; at most 200 characters). */
  label?: string;
}

/** Whether a call makes a record: `create`, or `web_save` on no ids (`[]`). */
const isCreate = (method: string, args: unknown[]) => method === "create" || (method === "web_save" && Array.isArray(args[0]) && args[0].length === 0);

/** A new entry of `owner`, or a TypeError / RPCParamsError saying what is wrong (nothing is kept). */
export function makeEntry(owner: string, model: string, method: string, args: unknown, kwargs: unknown, options: OutboxCallOptions = {}): StoredEntry {
  const refuse = (what: string) => new TypeError(`outbox.call: ${what}; nothing was kept`);
  if (typeof model !== "string" || !MODEL_NAME.test(model)) throw refuse(`model must be a model name such as "sale.order", got ${JSON.stringify(model) ?? String(model)}`);
  if (typeof method !== "string" || !METHOD_NAME.test(method)) throw refuse(`method must be a public method name, got ${JSON.stringify(method) ?? String(method)}`);
  if (!Array.isArray(args)) throw refuse(`args must be an array, got ${JSON.stringify(args) ?? String(args)}`);
  const label = (options as OutboxCallOptions | null)?.label;
  if (label !== undefined && (typeof label !== "string" || !label.trim() || label.length > 200)) {
    throw refuse(`options.label must be a non-empty string of at most 200 characters, got ${JSON.stringify(label)?.slice(0, 60) ?? String(label)}`);
  }
  // Entries are plain JSON, checked as the rpc checks params: refused with the path, before anything is kept.
  const params = serializeParams(`/web/dataset/call_kw/${model}/${method}`, { args, kwargs });
  const id = browser.randomUUID();
  return {
    id,
    owner,
    model,
    method,
    args: params.args as JSONValue[],
    kwargs: (params.kwargs ?? {}) as { [key: string]: JSONValue },
    key: browser.randomUUID(),
    state: "waiting",
    ...(isCreate(method, args) ? { virtualId: `virtual_${id.replace(/-/g, "").slice(0, 12)}` } : {}),
    ...(label !== undefined ? { label } : {}),
    waited: false,
    createdAt: browser.now(),
  };
}

/** The entry the app sees: a copy without the bookkeeping. */
export function publicView(entry: StoredEntry): OutboxEntry {
  const { seq: _seq, owner: _owner, waited: _waited, ...view } = entry;
  return copyJSON(view);
}

/** Rejects the promise of an entry the user discarded. */
export class OutboxDiscardedError extends Error {
  override name = "OutboxDiscardedError" as const;
  constructor(entry: OutboxEntry) {
    super(`outbox: ${entry.model}.${entry.method} (entry ${entry.id}) was discarded; it was not applied`);
  }
}

const VIRTUAL_ID = /^virtual_[0-9a-f]{8,}$/;

/** The records an entry acts on: `model,id` for each id (or virtual id) in its first argument. */
export function recordsOf(entry: StoredEntry): string[] {
  const first = entry.args[0];
  const ids = Array.isArray(first) ? first : typeof first === "number" || typeof first === "string" ? [first] : [];
  return ids.filter((id) => typeof id === "number" || (typeof id === "string" && VIRTUAL_ID.test(id))).map((id) => `${entry.model},${String(id)}`);
}

/** Whether an entry names one of `virtualIds` anywhere in its args or kwargs. */
export function refersTo(entry: StoredEntry, virtualIds: Set<string>): boolean {
  if (virtualIds.size === 0) return false;
  const visit = (value: JSONValue): boolean =>
    typeof value === "string" ? virtualIds.has(value) : Array.isArray(value) ? value.some(visit) : typeof value === "object" && value !== null ? Object.values(value).some(visit) : false;
  return visit(entry.args) || visit(entry.kwargs);
}

/** `value` with every occurrence of `virtualId` replaced by the real id. */
export function replaceVirtual(value: JSONValue, virtualId: string, realId: number): JSONValue {
  if (value === virtualId) return realId;
  if (Array.isArray(value)) return value.map((item) => replaceVirtual(item, virtualId, realId));
  if (typeof value === "object" && value !== null) {
    const copy: { [key: string]: JSONValue } = {};
    for (const [key, item] of Object.entries(value)) copy[key] = replaceVirtual(item, virtualId, realId);
    return copy;
  }
  return value;
}
