/**
 * Which calls are reads and which are writes: as the call declares (`settings.kind`), else by its
 * call_kw method. One home for the rule, used by the rpc, the orm and the write layer.
 */

/** Odoo 17's model methods that only read: shared by default, cacheable, safe to re-send. Any other is a write unless the call declares `kind: "read"`. */
export const READ_METHODS: readonly string[] = [
  "read",
  "search",
  "search_read",
  "search_fetch",
  "search_count",
  "read_group",
  "web_read",
  "web_search_read",
  "web_read_group",
  "read_progress_bar",
  "fields_get",
  "name_search",
  "default_get",
  "onchange",
];

/** The call_kw method of a call, or undefined for other routes. */
export function callKwMethod(route: string, params: unknown): { model: string; method: string } | undefined {
  if (!route.startsWith("/web/dataset/call_kw")) return undefined;
  const { model, method } = (params ?? {}) as { model?: unknown; method?: unknown };
  return typeof model === "string" && typeof method === "string" ? { model, method } : undefined;
}

/** Whether a call is a write (never shared, cached or blindly re-sent): as its settings declare, else by its call_kw method. */
export function isWrite(route: string, params: unknown, kind: "read" | "write" | undefined): boolean {
  if (kind !== undefined) return kind === "write";
  const call = callKwMethod(route, params);
  return call !== undefined && !READ_METHODS.includes(call.method);
}

/** What a cached read is filed under, so a write on its model drops it: the model, else the route. */
export function cacheTag(route: string, params: unknown): string {
  // As callKwMethod, without making an object: it runs on every cached hit.
  if (!route.startsWith("/web/dataset/call_kw")) return route;
  const { model, method } = (params ?? {}) as { model?: unknown; method?: unknown };
  return typeof model === "string" && typeof method === "string" ? model : route;
}

