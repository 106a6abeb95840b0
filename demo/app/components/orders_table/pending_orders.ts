/**
 * Orders created while the server was away: the outbox's waiting `sale.order` creates (`web_save`
 * on no ids, or `create` kept by an earlier version of the dashboard), shown as
 * rows until the server makes them. Their customer's name comes from the partners this device
 * saved (the new-order form's own read), their total from their lines.
 */
import type { ORM } from "owl-services";
import type { OutboxEntry } from "owl-services/outbox";
import { TAX_RATE } from "../../constants";
import { customersRead } from "../../saved_reads";

export interface PendingOrder {
  id: string;
  createdAt: string;
  customer: string;
  total: number;
}

type LineCommand = [0, 0, { product_uom_qty?: number; price_unit?: number }];

export async function pendingOrders(orm: ORM, entries: OutboxEntry[]): Promise<PendingOrder[]> {
  // Only creates have a virtual id.
  const creates = entries.filter((entry) => entry.virtualId);
  if (!creates.length) return [];
  const partners = await customersRead(orm).catch(() => []);
  return creates.map((entry) => {
    const vals = (entry.method === "web_save" ? entry.args[1] : Array.isArray(entry.args[0]) ? entry.args[0][0] : entry.args[0]) as { partner_id?: number; order_line?: LineCommand[] } | undefined;
    const untaxed = (vals?.order_line ?? []).reduce((sum, [, , line]) => sum + (line.product_uom_qty ?? 0) * (line.price_unit ?? 0), 0);
    const partner = partners.find((candidate) => candidate.id === vals?.partner_id);
    return {
      id: entry.virtualId!,
      createdAt: new Date(entry.createdAt).toISOString().slice(0, 19).replace("T", " "),
      customer: partner?.name ?? `Customer #${String(vals?.partner_id ?? "?")}`,
      total: Math.round(untaxed * (1 + TAX_RATE) * 100) / 100,
    };
  });
}

/** What a row with a change in the outbox says: what will happen to it ("deleted when the server is back"). */
export function waitingNote(method: string): string {
  const done = method === "unlink" ? "deleted" : method === "action_confirm" ? "confirmed" : method === "write" || method === "web_save" ? "updated" : "changed";
  return `${done} when the server is back`;
}
