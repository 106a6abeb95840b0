/**
 * Which calls are reads and which are writes: as the call declares (`settings.kind`), else by its
 * call_kw method; any other route is a write unless it asks for what only reads get. One home for
 * the rule, used by the rpc, the orm and the write layer.
 */
/** Odoo 17's model methods that only read: shared by default, cacheable, safe to re-send. Any other is a write unless the call declares `kind: "read"`. */
export declare const READ_METHODS: readonly string[];
/** A call_kw call's params (its model and method), or undefined for other routes: the params themselves, nothing made. */
export declare function callKwMethod(route: string, params: unknown): {
    model: string;
    method: string;
} | undefined;
/**
 * Whether a call is a write (never shared, cached or blindly re-sent): as its settings declare, else
 * by its call_kw method. Any other route is a write unless `readOnly` (it asks for `share` or `cache`).
 */
export declare function isWrite(route: string, params: unknown, kind: "read" | "write" | undefined, readOnly?: unknown): boolean;
/** What a cached read is filed under, so a write on its model drops it: the model, else the route. */
export declare function cacheTag(route: string, params: unknown): string;
