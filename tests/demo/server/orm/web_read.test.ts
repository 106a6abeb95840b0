// @vitest-environment node
/** Odoo 17's specification reads on the demo server: web_search_read and web_read, their shapes, `length` and bad input. */
import { describe, expect, test } from "vitest";
import { signedIn, useDemoServer } from "../demo_server_helpers";

const ctx = useDemoServer();

type Row = Record<string, unknown> & { id: number };
interface Page {
  length: number;
  records: Row[];
}

const ORDER_SPEC = {
  name: {},
  partner_id: { fields: { display_name: {}, city: {} } },
  user_id: {},
  amount_total: {},
  order_line: { fields: { product_id: { fields: { display_name: {} } }, product_uom_qty: {}, price_subtotal: {} } },
};

describe("web_search_read and web_read", () => {
  test("answers nested many2one as {id, ...fields} and one2many as records, the same as read gives them", async () => {
    const page = await ctx.admin.call<Page>("sale.order", "web_search_read", [], { domain: [["state", "=", "sale"]], specification: ORDER_SPEC, limit: 3, order: "name asc" });
    expect(page.records).toHaveLength(3);
    const flat = await ctx.admin.call<Row[]>("sale.order", "search_read", [[["state", "=", "sale"]], ["name", "partner_id", "user_id", "amount_total", "order_line"]], { limit: 3, order: "name asc" });
    for (const [index, record] of page.records.entries()) {
      const row = flat[index]!;
      const partner = row.partner_id as [number, string];
      const lines = row.order_line as number[];
      expect(Object.keys(record)).toEqual(["id", "name", "partner_id", "user_id", "amount_total", "order_line"]);
      expect(record).toMatchObject({ id: row.id, name: row.name, amount_total: row.amount_total, user_id: (row.user_id as [number, string] | false) && (row.user_id as [number])[0] });
      expect(record.partner_id).toEqual({ id: partner[0], display_name: partner[1], city: expect.any(String) });
      const nested = record.order_line as Row[];
      expect(nested.map((line) => line.id)).toEqual(lines);
      const read = await ctx.admin.call<Row[]>("sale.order.line", "read", [lines, ["product_id", "product_uom_qty", "price_subtotal"]]);
      expect(nested).toEqual(
        read.map((line) => ({ id: line.id, product_id: { id: (line.product_id as [number])[0], display_name: (line.product_id as [number, string])[1] }, product_uom_qty: line.product_uom_qty, price_subtotal: line.price_subtotal })),
      );
    }
  });

  test("binds its arguments positionally or by keyword, with the same answer", async () => {
    const spec = { name: {}, state: {} };
    const positional = await ctx.admin.call<Page>("sale.order", "web_search_read", [[["state", "=", "draft"]], spec, 2, 4, "name desc", 100]);
    const keywords = await ctx.admin.call<Page>("sale.order", "web_search_read", [], { domain: [["state", "=", "draft"]], specification: spec, offset: 2, limit: 4, order: "name desc", count_limit: 100 });
    expect(keywords).toEqual(positional);
    expect(positional.records).toHaveLength(4);
  });

  test("gives ids without `fields`: a many2one its id or false, a one2many its ids", async () => {
    const [order] = await ctx.admin.call<Row[]>("sale.order", "search_read", [[["state", "=", "sale"]], ["partner_id", "order_line"]], { limit: 1 });
    const [record] = await ctx.admin.call<Row[]>("sale.order", "web_read", [[order!.id]], { specification: { partner_id: {}, order_line: {}, display_name: {} } });
    expect(record).toEqual({ id: order!.id, partner_id: (order!.partner_id as [number])[0], order_line: order!.order_line, display_name: expect.any(String) });
    // A many2one left empty is false, with or without `fields`: on an order made without a salesperson.
    const unassigned = await ctx.admin.call<number>("sale.order", "create", [{ partner_id: 1, user_id: false }]);
    const userSpec = { user_id: { fields: { display_name: {} } } };
    const noUser = await ctx.admin.call<Page>("sale.order", "web_search_read", [[["id", "=", unassigned]], userSpec]);
    expect(noUser.records).toHaveLength(1);
    expect(noUser.records[0]!.user_id).toEqual(false);
    const read = await ctx.admin.call<Row[]>("sale.order", "web_read", [[unassigned]], { specification: userSpec });
    expect(read).toEqual([{ id: unassigned, user_id: false }]);
  });

  test("reads an x2many with its own limit and order: the first `limit` records in full, the others as {id}", async () => {
    const [order] = await ctx.admin.call<Row[]>("sale.order", "search_read", [[["state", "=", "sale"]], ["order_line"]], { limit: 50 }).then((rows) => rows.filter((row) => (row.order_line as number[]).length >= 3));
    const ids = [...(order!.order_line as number[])].sort((a, b) => b - a);
    const [record] = await ctx.admin.call<Row[]>("sale.order", "web_read", [[order!.id]], { specification: { order_line: { fields: { name: {} }, limit: 2, order: "id desc" } } });
    const lines = record!.order_line as Row[];
    expect(lines.map((line) => line.id)).toEqual(ids);
    expect(lines.slice(0, 2).every((line) => typeof line.name === "string")).toBe(true);
    expect(lines.slice(2).every((line) => Object.keys(line).join() === "id")).toBe(true);
  });

  test("reads as deep as the specification asks: a line's order's customer", async () => {
    const [line] = await ctx.admin.call<Row[]>("sale.order.line", "search_read", [[]], { fields: ["order_id"], limit: 1 });
    const orderId = (line!.order_id as [number])[0];
    const [order] = await ctx.admin.call<Row[]>("sale.order", "read", [[orderId], ["partner_id"]]);
    const [record] = await ctx.admin.call<Row[]>("sale.order.line", "web_read", [[line!.id], { order_id: { fields: { partner_id: { fields: { name: {} } } } } }]);
    expect(record).toEqual({ id: line!.id, order_id: { id: orderId, partner_id: { id: (order!.partner_id as [number])[0], name: (order!.partner_id as [number, string])[1] } } });
  });

  test("computes length as Odoo 17: counted up to count_limit when the page is full, offset + records otherwise, 0 when empty", async () => {
    const draft: unknown[] = [];
    const total = await ctx.admin.call<number>("sale.order", "search_count", [draft]);
    expect(total).toBeGreaterThan(30);
    const page = (kwargs: Record<string, unknown>) => ctx.admin.call<Page>("sale.order", "web_search_read", [], { domain: draft, specification: { name: {} }, ...kwargs });
    expect((await page({ limit: 10 })).length).toBe(total);
    expect((await page({ limit: 10, count_limit: 25 })).length).toBe(25);
    // The page reached count_limit itself: no count, offset + records.
    expect((await page({ limit: 10, offset: 20, count_limit: 25 })).length).toBe(30);
    const last = await page({ limit: 10, offset: total - 4 });
    expect(last).toMatchObject({ length: total });
    expect(last.records).toHaveLength(4);
    expect((await page({})).length).toBe(total);
    expect(await page({ limit: 10, offset: total + 5 })).toEqual({ length: 0, records: [] });
    expect((await page({ limit: 10, context: { force_search_count: true }, count_limit: 25, offset: 20 })).length).toBe(25);
  });

  test("applies the record rules to the page and to its nested lines: a salesperson reads their own orders only", async () => {
    const sales = await signedIn(ctx.server, "sales");
    const page = await sales.call<Page>("sale.order", "web_search_read", [[], { user_id: { fields: { display_name: {} } }, order_line: { fields: { order_id: {} } } }], { limit: 20 });
    expect(page.records.length).toBeGreaterThan(0);
    for (const record of page.records) {
      expect([false, "Marc Demo"]).toContain(record.user_id && (record.user_id as { display_name: string }).display_name);
      for (const line of record.order_line as Row[]) expect(line.order_id).toBe(record.id);
    }
    const [other] = await ctx.admin.call<Row[]>("sale.order", "search_read", [[["user_id.login", "=", "joel"]], ["name"]], { limit: 1 });
    const refused = await sales.fail("sale.order", "web_read", [[other!.id], { name: {} }]);
    expect(refused.data.name).toBe("odoo.exceptions.AccessError");
    expect(refused.data.message).toContain(`sale.order(${other!.id})`);
  });
});

describe("web_search_read and web_read with a bad specification", () => {
  const refused = async (spec: unknown) => (await ctx.admin.fail("sale.order", "web_search_read", [[], spec], { limit: 1 })).data;

  test("refuses a specification that is not a dictionary of dictionaries, naming the path", async () => {
    expect(await refused(["name"])).toMatchObject({ name: "builtins.ValueError", message: 'specification must be a dictionary of fields, such as {"name": {}}, got ["name"]' });
    expect((await refused({ name: true })).message).toBe('specification.name must be a dictionary such as {} or {"fields": {…}}, got true');
    expect((await refused({ order_line: { fields: { product_id: { fields: [] } } } })).message).toBe(
      'specification.order_line.fields.product_id.fields must be a dictionary of fields, such as {"name": {}}, got []',
    );
    expect((await refused({ order_line: { limit: 2, offset: 1 } })).message).toBe("specification.order_line: unknown key 'offset' (valid keys: fields, context, limit, order)");
  });

  test("refuses an unknown field, nesting under a field that is not relational, and a bad limit or order, naming the path", async () => {
    expect((await refused({ order_line: { fields: { product_id: { fields: { colour: {} } } } } })).message).toBe(
      "specification.order_line.fields.product_id.fields.colour: Invalid field 'colour' on model 'product.product'",
    );
    expect((await refused({ name: { fields: { id: {} } } })).message).toBe("specification.name: 'name' is a char field of sale.order, so it has no fields to nest");
    expect((await refused({ partner_id: { limit: 3 } })).message).toBe("specification.partner_id: only one2many fields take a limit or an order");
    expect((await refused({ order_line: { limit: -1 } })).message).toBe("specification.order_line.limit must be a non-negative integer, got -1");
    expect((await refused({ order_line: { order: "colour desc" } })).message).toMatch(/^specification\.order_line\.order: Invalid "order" specified/);
  });

  test("refuses a specification 50 levels deep before reading anything", async () => {
    let spec: Record<string, unknown> = { name: {} };
    for (let level = 0; level < 50; level++) spec = { order_id: { fields: { order_line: { limit: 1, fields: spec } } } };
    const error = await ctx.admin.fail("sale.order.line", "web_search_read", [[], spec], { limit: 1 });
    expect(error.data.name).toBe("builtins.ValueError");
    expect(error.data.message).toMatch(/^specification(\.order_id\.fields\.order_line\.fields)+\.order_id: the specification is nested \d+ levels deep; at most \d+ are allowed$/);
  });
});
