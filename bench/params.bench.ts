// Question: what does refusing un-sendable params cost? serializeParams (walks, checks and
// copies) against JSON.stringify alone, for a sale order with 1,000 lines.
import { bench, describe } from "vitest";
import { serializeParams } from "../src/services/rpc/params";

const order = {
  model: "sale.order",
  method: "create",
  args: [
    [
      {
        partner_id: 42,
        date_order: new Date(Date.UTC(2026, 10, 22)),
        order_line: Array.from({ length: 1000 }, (_, i) => [0, 0, { product_id: i + 1, product_uom_qty: (i % 7) + 1, price_unit: 9.99 + i, name: `Line ${i}`, tax_id: [[6, 0, [1, 2]]] }]),
      },
    ],
  ],
  kwargs: { context: { lang: "en_US", tz: "Europe/Brussels", uid: 2 } },
};

describe("params of a 1,000-line sale order", () => {
  bench("JSON.stringify alone", () => {
    JSON.stringify(order);
  });
  bench("serializeParams + JSON.stringify", () => {
    JSON.stringify(serializeParams("/web/dataset/call_kw/sale.order/create", order));
  });
});
