// @vitest-environment node
/** Odoo 17's web_save on the demo server: create or write, one2many commands, the concurrency check, the answer and the key, in one transaction. */
import { describe, expect, test } from "vitest";
import { OdooCallError, useDemoServer } from "../demo_server_helpers";

const ctx = useDemoServer();

type Row = Record<string, unknown> & { id: number };
const SPEC = { name: {}, write_date: {}, amount_untaxed: {}, partner_id: { fields: { display_name: {} } }, order_line: { fields: { product_id: {}, product_uom_qty: {}, price_unit: {}, price_subtotal: {} } } };

/** A customer and two products of the seed. */
async function cast(): Promise<{ partner: number; products: [number, number] }> {
  const [partner] = await ctx.admin.call<number[]>("res.partner", "search", [[]], { limit: 1 });
  const products = await ctx.admin.call<number[]>("product.product", "search", [[]], { limit: 2 });
  return { partner: partner!, products: [products[0]!, products[1]!] };
}

const save = (ids: number[], vals: Record<string, unknown>, kwargs: Record<string, unknown> = {}, key?: string) =>
  ctx.admin.post<Row[]>("/web/dataset/call_kw/sale.order/web_save", { model: "sale.order", method: "web_save", args: [ids, vals], kwargs: { specification: SPEC, ...kwargs } }, key ? { headers: { "Idempotency-Key": key } } : {});

const result = async (reply: ReturnType<typeof save>) => {
  const { body } = await reply;
  if (body.error) throw new OdooCallError(body.error);
  return body.result!;
};

describe("web_save", () => {
  test("creates an order with its lines when ids is [], and answers it read with the specification, totals computed", async () => {
    const { partner, products } = await cast();
    const [order] = await result(save([], { partner_id: partner, order_line: [[0, 0, { product_id: products[0], product_uom_qty: 2, price_unit: 10 }], [0, 0, { product_id: products[1], product_uom_qty: 1, price_unit: 5 }]] }));
    expect(order).toMatchObject({ id: expect.any(Number), name: expect.stringMatching(/^S\d{5}$/), amount_untaxed: 25, partner_id: { id: partner, display_name: expect.any(String) } });
    expect((order!.order_line as Row[]).map(({ product_id, product_uom_qty, price_subtotal }) => [product_id, product_uom_qty, price_subtotal])).toEqual([
      [products[0], 2, 20],
      [products[1], 1, 5],
    ]);
    expect(await ctx.admin.call("sale.order", "web_read", [[order!.id], SPEC])).toEqual([order]);
  });

  test("writes with line commands (update, delete, create) and answers the saved order", async () => {
    const { partner, products } = await cast();
    const [created] = await result(save([], { partner_id: partner, order_line: [[0, 0, { product_id: products[0], price_unit: 10 }], [0, 0, { product_id: products[1], price_unit: 3 }]] }));
    const [first, second] = created!.order_line as Row[];
    const [saved] = await result(save([created!.id], { note: "edited", order_line: [[1, first!.id, { product_uom_qty: 3 }], [2, second!.id], [0, 0, { product_id: products[1], product_uom_qty: 4, price_unit: 1 }]] }));
    const lines = saved!.order_line as Row[];
    expect(lines.map((line) => line.price_subtotal)).toEqual([30, 4]);
    expect(lines[0]!.id).toBe(first!.id);
    expect(saved!.amount_untaxed).toBe(34);
    const [note] = await ctx.admin.call<Row[]>("sale.order", "read", [[created!.id], ["note"]]);
    expect(note!.note).toBe("edited");
  });

  test("checks __last_update as write does: a stale version is refused and nothing is written", async () => {
    const { partner } = await cast();
    const [order] = await result(save([], { partner_id: partner }));
    const stale = { context: { __last_update: { [`sale.order,${order!.id}`]: "2000-01-01 00:00:00" } } };
    const refused = await ctx.admin.fail("sale.order", "web_save", [[order!.id], { note: "stale" }], { specification: SPEC, ...stale });
    expect(refused.data).toMatchObject({ name: "odoo.exceptions.ValidationError", message: `A document was modified since you last viewed it (Sales Order:${order!.id})` });
    const seen = { context: { __last_update: { [`sale.order,${order!.id}`]: order!.write_date } } };
    const [saved] = await result(save([order!.id], { note: "fresh" }, seen));
    expect((saved!.write_date as string) > (order!.write_date as string)).toBe(true);
    const [read] = await ctx.admin.call<Row[]>("sale.order", "read", [[order!.id], ["note"]]);
    expect(read!.note).toBe("fresh");
  });

  test("is applied once per Idempotency-Key: sent again, it answers the first answer and creates one order", async () => {
    const { partner } = await cast();
    const note = `keyed ${Date.now()}`;
    const first = await save([], { partner_id: partner, note }, {}, "web-save-once");
    const again = await save([], { partner_id: partner, note }, {}, "web-save-once");
    expect(again.body.result).toEqual(first.body.result);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await ctx.admin.call("sale.order", "search_count", [[["note", "=", note]]])).toBe(1);
  });

  test("refuses values naming their field as write does, a bad specification before writing, and rolls back everything", async () => {
    const { partner } = await cast();
    const before = await ctx.admin.call<number>("sale.order", "search_count", [[]]);
    const computed = await ctx.admin.fail("sale.order", "web_save", [[], { partner_id: partner, amount_total: 5 }], { specification: SPEC });
    expect(computed.data.message).toBe("Field 'amount_total' of 'sale.order' is computed by the server and cannot be written");
    const wrong = await ctx.admin.fail("sale.order", "web_save", [[], { partner_id: "Azure" }], { specification: SPEC });
    expect(wrong.data.message).toBe('Wrong value for sale.order.partner_id: "Azure" (expected a record id)');
    const badSpec = await ctx.admin.fail("sale.order", "web_save", [[], { partner_id: partner }], { specification: { order_line: { fields: { colour: {} } } } });
    expect(badSpec.data.message).toBe("specification.order_line.fields.colour: Invalid field 'colour' on model 'sale.order.line'");
    const notDict = await ctx.admin.fail("sale.order", "web_save", [[], [{ partner_id: partner }]], { specification: SPEC });
    expect(notDict.data.message).toBe(`web_save(): vals must be a dictionary of field values, got [{"partner_id":${partner}}]`);
    expect(await ctx.admin.call("sale.order", "search_count", [[]])).toBe(before);
  });

  test("answers the record of next_id instead when given (the form's next record), and refuses one that is not an id", async () => {
    const { partner } = await cast();
    const [first] = await result(save([], { partner_id: partner }));
    const [next] = await result(save([first!.id], { note: "then next" }, { next_id: first!.id - 1 }));
    expect(next!.id).toBe(first!.id - 1);
    const refused = await ctx.admin.fail("sale.order", "web_save", [[first!.id], { note: "no" }], { specification: SPEC, next_id: "next" });
    expect(refused.data.message).toBe('web_save(): next_id must be a record id, got "next"');
  });

  test("refuses an order of more lines than maxWriteRecords as create does, before writing", async () => {
    const { partner, products } = await cast();
    const lines = Array.from({ length: 1_001 }, () => [0, 0, { product_id: products[0], price_unit: 1 }]);
    const refused = await ctx.admin.fail("sale.order", "web_save", [[], { partner_id: partner, order_line: lines }], { specification: SPEC });
    expect(refused.data.message).toMatch(/^web_save\(\): the call would create, change or delete 1,002 records/);
  });
});

describe("read_group and web_read_group by keyword, as Odoo 17 sends them", () => {
  test("read_group answers the same groups by keyword as positionally", async () => {
    const positional = await ctx.admin.call("sale.order", "read_group", [[["state", "!=", "cancel"]], ["amount_total:sum"], ["state"], 0, 2, "state desc", true]);
    const keywords = await ctx.admin.call("sale.order", "read_group", [], { domain: [["state", "!=", "cancel"]], fields: ["amount_total:sum"], groupby: ["state"], offset: 0, limit: 2, orderby: "state desc", lazy: true });
    expect(keywords).toEqual(positional);
    expect(positional).toHaveLength(2);
  });

  test("web_read_group answers the groups and their length, counting the groups after a full page", async () => {
    const all = await ctx.admin.call<Row[]>("sale.order", "read_group", [], { domain: [], fields: [], groupby: ["state"] });
    expect(all.length).toBeGreaterThan(2);
    const page = await ctx.admin.call<{ groups: Row[]; length: number }>("sale.order", "web_read_group", [], { domain: [], fields: ["amount_total:sum"], groupby: ["state"], limit: 2 });
    expect(page.groups).toEqual(await ctx.admin.call("sale.order", "read_group", [[], ["amount_total:sum"], ["state"]], { limit: 2 }));
    expect(page.length).toBe(all.length);
    const rest = await ctx.admin.call<{ groups: Row[]; length: number }>("sale.order", "web_read_group", [[], [], ["state"]], { limit: 10, offset: 1 });
    expect(rest).toEqual({ groups: all.slice(1), length: all.length });
    expect(await ctx.admin.call("sale.order", "web_read_group", [[["id", "=", 0]], [], ["state"]])).toEqual({ groups: [], length: 0 });
  });
});
