import { AccessError, UserError } from "../errors";
import type { Queryable } from "../db/database";
import { TAX_RATE } from "../db/seed";
import { checkRecords } from "./base/access";
import type { Env, ModelDef } from "./base/model";
import { NEXT_VERSION } from "./base/versions";
import { SALE_ORDER_REPORTS } from "./sale_order_reports";

const STATES: [string, string][] = [
  ["draft", "Quotation"],
  ["sent", "Quotation Sent"],
  ["sale", "Sales Order"],
  ["cancel", "Cancelled"],
];
const stateLabel = (state: string) => STATES.find(([key]) => key === state)?.[1] ?? state;

/** Untaxed, tax and total of `orderIds` from their lines (Odoo's `_compute_amounts`). */
export async function recomputeOrderAmounts(cr: Queryable, orderIds: number[]): Promise<void> {
  if (!orderIds.length) return;
  await cr.query(
    `UPDATE sale_order o SET amount_untaxed = s.untaxed, amount_tax = round(s.untaxed * $2, 2), amount_total = s.untaxed + round(s.untaxed * $2, 2)
     FROM (SELECT o2.id, coalesce(sum(l.price_subtotal), 0) AS untaxed FROM sale_order o2 LEFT JOIN sale_order_line l ON l.order_id = o2.id
           WHERE o2.id = ANY($1) GROUP BY o2.id) s
     WHERE o.id = s.id`,
    [orderIds, TAX_RATE],
  );
}

async function ordersOf(env: Env, ids: number[]) {
  const { rows } = await env.cr.query<{ id: number; name: string; state: string; lines: number }>(
    "SELECT o.id, o.name, o.state, (SELECT count(*) FROM sale_order_line l WHERE l.order_id = o.id)::int AS lines FROM sale_order o WHERE o.id = ANY($1) ORDER BY o.id",
    [ids],
  );
  return rows;
}

export const saleOrder: ModelDef = {
  name: "sale.order",
  table: "sale_order",
  description: "Sales Order",
  recName: "name",
  order: "date_order desc, id desc",
  fields: {
    name: { type: "char", string: "Order Reference", required: true },
    write_date: { type: "datetime", string: "Last Updated on", readonly: true },
    partner_id: { type: "many2one", string: "Customer", relation: "res.partner", required: true },
    user_id: { type: "many2one", string: "Salesperson", relation: "res.users" },
    date_order: { type: "datetime", string: "Order Date", required: true },
    state: { type: "selection", string: "Status", selection: STATES, readonly: true },
    amount_untaxed: { type: "monetary", string: "Untaxed Amount", readonly: true },
    amount_tax: { type: "monetary", string: "Taxes", readonly: true },
    amount_total: { type: "monetary", string: "Total", readonly: true },
    note: { type: "text", string: "Terms and conditions" },
    carrier_tracking_ref: { type: "char", string: "Tracking Reference", readonly: true, help: "Set once, when action_ship books the shipment" },
    order_line: { type: "one2many", string: "Order Lines", relation: "sale.order.line", inverse: "order_id" },
  },
  access: {
    manager: { read: true, write: true, create: true, unlink: true },
    salesperson: { read: true, write: true, create: true, unlink: false },
  },
  accessGroups: { unlink: "Sales/Administrator" },
  rules: {
    salesperson: { name: "Personal Orders", domain: (user) => ["|", ["user_id", "=", user.id], ["user_id", "=", false]] },
  },
  sqlConstraints: { sale_order_name_uniq: "Order Reference must be unique!" },

  async prepareCreate(env, vals) {
    const next = async () => {
      const { rows } = await env.cr.query<{ name: string }>("SELECT 'S' || lpad(nextval('sale_order_seq')::text, 5, '0') AS name");
      return rows[0]!.name;
    };
    return { user_id: env.user.id, ...vals, name: vals.name === undefined || vals.name === false ? await next() : vals.name };
  },
  afterWrite: (env, ids) => recomputeOrderAmounts(env.cr, ids),
  async beforeUnlink(env, ids) {
    const locked = (await ordersOf(env, ids)).filter((order) => order.state === "sale" || order.state === "sent");
    if (locked.length) {
      throw new UserError(
        `You can not delete a sent quotation or a confirmed sales order (${locked.map((o) => `${o.name}: ${stateLabel(o.state)}`).join(", ")}). You must first cancel it.`,
      );
    }
  },

  methods: {
    action_confirm: {
      params: [],
      async run(env, _model, ids) {
        if (env.user.role !== "manager") {
          throw new AccessError(
            "You are not allowed to confirm 'Sales Order' (sale.order) records.\n\nThis operation is allowed for the following groups:\n\t- Sales/Administrator\n\nContact your administrator to request access if necessary.",
          );
        }
        await checkRecords(env, saleOrder, ids, "write");
        for (const order of await ordersOf(env, ids)) {
          if (order.state !== "draft" && order.state !== "sent") {
            throw new UserError(`Only quotations can be confirmed: ${order.name} is already "${stateLabel(order.state)}".`);
          }
          if (!order.lines) throw new UserError(`There is nothing to confirm on ${order.name}: add at least one product line first.`);
        }
        await env.cr.query(`UPDATE sale_order SET state = 'sale', write_date = ${NEXT_VERSION} WHERE id = ANY($1)`, [ids]);
        env.changed(saleOrder.name, ids);
        return true;
      },
    },
    ...SALE_ORDER_REPORTS,
  },
};
