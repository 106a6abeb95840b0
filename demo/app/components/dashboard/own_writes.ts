/**
 * The orders this tab is writing, from the rpc's events: the bus's `records/changed` of one of them
 * is this tab's own write, which its own flow answers already (a row's action reloads the page, the
 * form shows its save's answer and the dashboard reloads when it closes), so it reloads nothing more.
 */
import type { Env, RPCRequestEvent, RPCResponseEvent } from "owl-services";
import { isWrite } from "owl-services/internal";

/** The methods that make records, whose ids come with their answer: `create`, and `web_save` without ids. */
const CREATES = new Set(["create", "web_save"]);

/** The ids of records an answer names: create's ids, or the `id` of each record web_save read back. */
function answeredIds(result: unknown): number[] {
  if (!Array.isArray(result)) return [];
  return result.map((entry: unknown) => (typeof entry === "number" ? entry : (entry as { id?: unknown } | null)?.id)).filter((id): id is number => typeof id === "number");
}

export class OwnWrites {
  /** Ids written by this tab whose notification has not come yet, and how many writes each. */
  private readonly pending = new Map<number, number>();
  /** The sale.order writes in flight, by call id: the ids they write (none: a create, its ids come with the answer). */
  private readonly byCall = new Map<number, number[]>();

  constructor(private readonly env: Env) {
    env.bus.addEventListener("RPC:REQUEST", this.sent);
    env.bus.addEventListener("RPC:RESPONSE", this.answered);
    env.bus.addEventListener("BUS:RESET", this.reset);
  }

  /**
   * Whether a `records/changed` of sale.order naming `ids` is this tab's own write (its ids then
   * counted off). A create's notification that comes before its answer is not known as its own yet:
   * the dashboard then reloads once more than needed, never less.
   */
  own(ids: number[]): boolean {
    const mine = ids.length > 0 && ids.every((id) => this.pending.has(id));
    if (mine) this.forget(ids);
    return mine;
  }

  stop(): void {
    this.env.bus.removeEventListener("RPC:REQUEST", this.sent);
    this.env.bus.removeEventListener("RPC:RESPONSE", this.answered);
    this.env.bus.removeEventListener("BUS:RESET", this.reset);
  }

  private readonly sent = (event: Event) => {
    const { id, url, data, settings } = (event as CustomEvent<RPCRequestEvent>).detail;
    const { model, method, args } = data.params as { model?: unknown; method?: unknown; args?: unknown };
    if (model !== "sale.order" || !isWrite(url, data.params, settings.kind)) return;
    const ids = Array.isArray(args) && Array.isArray(args[0]) ? (args[0] as unknown[]).filter((value): value is number => typeof value === "number") : [];
    if (!ids.length && !CREATES.has(method as string)) return;
    this.byCall.set(id, ids);
    this.count(ids);
  };

  /** A write refused (or never sent) notifies nobody: its ids are no longer awaited. A create's ids are awaited from its answer on. */
  private readonly answered = (event: Event) => {
    const detail = (event as CustomEvent<RPCResponseEvent>).detail;
    const ids = this.byCall.get(detail.id);
    if (!ids) return;
    this.byCall.delete(detail.id);
    if (!ids.length) {
      if (detail.outcome === "result") this.count(answeredIds(detail.result));
    } else if (detail.outcome !== "result") this.forget(ids);
  };

  /**
   * The bus lost notifications (`bus/reset`): those of the writes awaited may be among them and never
   * come, and a later change by another user to those orders must not be taken for this tab's.
   */
  private readonly reset = () => {
    this.pending.clear();
    this.byCall.clear();
  };

  private count(ids: number[]): void {
    for (const id of ids) this.pending.set(id, (this.pending.get(id) ?? 0) + 1);
  }

  private forget(ids: number[]): void {
    for (const id of ids) {
      const left = (this.pending.get(id) ?? 0) - 1;
      if (left > 0) this.pending.set(id, left);
      else this.pending.delete(id);
    }
  }
}
