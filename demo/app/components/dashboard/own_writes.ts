/**
 * The orders this tab is writing, from the rpc's events: the bus's `records/changed` of one of them
 * is this tab's own write, which its own flow answers already (a row's action reloads the page, the
 * form shows its save's answer and the dashboard reloads when it closes), so it reloads nothing more.
 */
import type { Env, RPCRequestEvent, RPCResponseEvent } from "owl-services";

/** The sale.order methods that write the records of their first argument. */
const WRITES = new Set(["write", "web_save", "unlink", "action_confirm", "action_ship"]);

export class OwnWrites {
  /** Ids written by this tab whose notification has not come yet, and how many writes each. */
  private readonly pending = new Map<number, number>();
  private readonly byCall = new Map<number, number[]>();

  constructor(private readonly env: Env) {
    env.bus.addEventListener("RPC:REQUEST", this.sent);
    env.bus.addEventListener("RPC:RESPONSE", this.answered);
  }

  /** Whether a `records/changed` of sale.order naming `ids` is this tab's own write (its ids then counted off). */
  own(ids: number[]): boolean {
    const mine = ids.length > 0 && ids.every((id) => this.pending.has(id));
    if (mine) this.forget(ids);
    return mine;
  }

  stop(): void {
    this.env.bus.removeEventListener("RPC:REQUEST", this.sent);
    this.env.bus.removeEventListener("RPC:RESPONSE", this.answered);
  }

  private readonly sent = (event: Event) => {
    const { id, data } = (event as CustomEvent<RPCRequestEvent>).detail;
    const { model, method, args } = data.params as { model?: unknown; method?: unknown; args?: unknown };
    const ids = Array.isArray(args) && Array.isArray(args[0]) ? (args[0] as unknown[]).filter((value): value is number => typeof value === "number") : [];
    if (model !== "sale.order" || typeof method !== "string" || !WRITES.has(method) || !ids.length) return;
    this.byCall.set(id, ids);
    for (const written of ids) this.pending.set(written, (this.pending.get(written) ?? 0) + 1);
  };

  /** A write refused (or never sent) notifies nobody: its ids are no longer awaited. */
  private readonly answered = (event: Event) => {
    const { id, outcome } = (event as CustomEvent<RPCResponseEvent>).detail;
    const ids = this.byCall.get(id);
    this.byCall.delete(id);
    if (ids && outcome !== "result") this.forget(ids);
  };

  private forget(ids: number[]): void {
    for (const id of ids) {
      const left = (this.pending.get(id) ?? 0) - 1;
      if (left > 0) this.pending.set(id, left);
      else this.pending.delete(id);
    }
  }
}
