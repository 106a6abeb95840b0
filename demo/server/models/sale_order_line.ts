import type { ModelDef } from "./base/model";
import { recomputeOrderAmounts } from "./sale_order";

export const saleOrderLine: ModelDef = {
  name: "sale.order.line",
  table: "sale_order_line",
  description: "Sales Order Line",
  recName: "name",
  order: "order_id, id",
  fields: {
    order_id: { type: "many2one", string: "Order Reference", relation: "sale.order", required: true },
    product_id: { type: "many2one", string: "Product", relation: "product.product", required: true },
    name: { type: "text", string: "Description", required: true },
    write_date: { type: "datetime", string: "Last Updated on", readonly: true },
    product_uom_qty: { type: "float", string: "Quantity" },
    price_unit: { type: "float", string: "Unit Price" },
    price_subtotal: { type: "monetary", string: "Subtotal", readonly: true },
  },
  access: {
    manager: { read: true, write: true, create: true, unlink: true },
    salesperson: { read: true, write: true, create: true, unlink: true },
  },
  accessGroups: {},
  rules: {
    salesperson: { name: "Personal Order Lines", domain: (user) => ["|", ["order_id.user_id", "=", user.id], ["order_id.user_id", "=", false]] },
  },
  sqlConstraints: {
    sale_order_line_qty_positive: "The quantity of an order line must be positive.",
    sale_order_line_price_positive: "The unit price of an order line cannot be negative.",
  },

  async prepareCreate(env, vals) {
    // Description and price default to the product's, as Odoo's onchange would fill them.
    if (typeof vals.product_id !== "number" || (vals.name !== undefined && vals.price_unit !== undefined)) return vals;
    const { rows } = await env.cr.query<{ name: string; list_price: number }>("SELECT name, list_price FROM product_product WHERE id = $1", [vals.product_id]);
    const product = rows[0];
    return product ? { name: product.name, price_unit: product.list_price, ...vals } : vals;
  },
  async afterUnlink(env, removed) {
    const orderIds = [...new Set(removed.map((line) => line.order_id as number))];
    await recomputeOrderAmounts(env.cr, orderIds);
    // Their totals moved: the orders changed too.
    env.changed("sale.order", orderIds);
  },
  async afterWrite(env, ids) {
    const { rows } = await env.cr.query<{ order_id: number }>(
      "UPDATE sale_order_line SET price_subtotal = round(product_uom_qty * price_unit, 2) WHERE id = ANY($1) RETURNING order_id",
      [ids],
    );
    const orderIds = [...new Set(rows.map((row) => row.order_id))];
    await recomputeOrderAmounts(env.cr, orderIds);
    env.changed("sale.order", orderIds);
  },
};
