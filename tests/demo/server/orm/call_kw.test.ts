// @vitest-environment node
import { describe, expect, test } from "vitest";
import { SEED_ORDER_COUNT } from "../../../../demo/server/db/seed";
import { useDemoServer } from "../demo_server_helpers";

const ctx = useDemoServer();

describe("call_kw argument binding", () => {
  test("binds search_read's arguments positionally or by keyword, with the same result", async () => {
    const domain = [["state", "=", "sale"]];
    const fields = ["name", "amount_total"];
    const positional = await ctx.admin.call("sale.order", "search_read", [domain, fields, 5, 3, "name asc"]);
    const keywords = await ctx.admin.call("sale.order", "search_read", [], { domain, fields, offset: 5, limit: 3, order: "name asc" });
    const mixed = await ctx.admin.call("sale.order", "search_read", [domain, fields], { limit: 3, offset: 5, order: "name asc" });
    expect(positional).toHaveLength(3);
    expect(keywords).toEqual(positional);
    expect(mixed).toEqual(positional);
    expect(Object.keys((positional as object[])[0]!).sort()).toEqual(["amount_total", "id", "name"]);
  });

  test("refuses a keyword that repeats a positional argument, an unknown keyword, a missing argument and too many arguments, as Python does", async () => {
    expect((await ctx.admin.fail("sale.order", "search_read", [[]], { domain: [] })).data).toMatchObject({
      name: "builtins.TypeError",
      message: "search_read() got multiple values for argument 'domain'",
    });
    expect((await ctx.admin.fail("sale.order", "search_read", [], { domian: [] })).data.message).toBe("search_read() got an unexpected keyword argument 'domian'");
    expect((await ctx.admin.fail("sale.order", "search_count", [])).data.message).toBe("search_count() missing 1 required positional argument: 'domain'");
    expect((await ctx.admin.fail("sale.order", "read_group", [[]])).data.message).toBe("read_group() missing 2 required positional arguments: 'fields' and 'groupby'");
    expect((await ctx.admin.fail("sale.order", "search_count", [[], 1, 2])).data.message).toBe("search_count() takes at most 2 positional arguments but 3 were given");
  });

  test("takes record methods' ids from args[0] and refuses ids that are not positive integers", async () => {
    const [order] = await ctx.admin.call<{ id: number; name: string }[]>("sale.order", "read", [[1], ["name"]]);
    expect(order).toEqual({ id: 1, name: "S00001" });
    expect((await ctx.admin.fail("sale.order", "read", [])).data.message).toBe("read() is a record method: pass the record ids as args[0]");
    expect((await ctx.admin.fail("sale.order", "read", [[1, -2], ["name"]])).data.message).toBe(
      "read(): the record ids (args[0]) must be a list of positive integers, got [1,-2]",
    );
  });

  test("names the argument whose shape is wrong", async () => {
    expect((await ctx.admin.fail("sale.order", "search_read", [], { domain: "state = sale" })).data.message).toBe(
      'search_read(): domain must be a domain (a list of terms), got "state = sale"',
    );
    expect((await ctx.admin.fail("sale.order", "search_read", [], { fields: [1] })).data.message).toBe("search_read(): fields must be a list of field names, got [1]");
    expect((await ctx.admin.fail("sale.order", "search_read", [], { limit: -1 })).data.message).toBe("search_read(): limit must be a non-negative integer, got -1");
    expect((await ctx.admin.fail("sale.order", "read_group", [[], [], ["state"]], { lazy: "yes" })).data.message).toBe('read_group(): lazy must be true or false, got "yes"');
    expect((await ctx.admin.fail("sale.order", "search_count", [[]], { context: [] })).data.message).toBe("search_count(): context must be a dictionary, got []");
  });

  test("refuses an unknown model (KeyError), an unknown method (AttributeError) and a private method (AccessError)", async () => {
    expect((await ctx.admin.fail("sale.quote", "search", [[]])).data).toMatchObject({ name: "builtins.KeyError", message: "'sale.quote' is not a model of this database" });
    expect((await ctx.admin.fail("sale.order", "action_archive_all", [[1]])).data).toMatchObject({
      name: "builtins.AttributeError",
      message: "The method 'action_archive_all' does not exist on the model 'sale.order'",
    });
    expect((await ctx.admin.fail("sale.order", "_compute_amounts", [[1]])).data).toMatchObject({
      name: "odoo.exceptions.AccessError",
      message: "Private methods (such as _compute_amounts) cannot be called remotely.",
    });
    expect((await ctx.admin.fail("sale.order", "constructor", [[1]])).data.name).toBe("builtins.AttributeError");
    expect((await ctx.admin.fail("sale.order", "__proto__", [[1]])).data.name).toBe("odoo.exceptions.AccessError");
  });

  test("refuses params without model or method", async () => {
    const reply = await ctx.admin.post("/web/dataset/call_kw", { method: "search" });
    expect(reply.body.error!.data).toMatchObject({ name: "builtins.ValueError", message: 'params.model must be a model name such as "sale.order"' });
  });
});

describe("the base model's methods", () => {
  test("search, search_count and read agree, in the default order (newest first)", async () => {
    const count = await ctx.admin.call<number>("sale.order", "search_count", [[]]);
    expect(count).toBe(SEED_ORDER_COUNT);
    const ids = await ctx.admin.call<number[]>("sale.order", "search", [[]], { limit: 5 });
    const rows = await ctx.admin.call<{ id: number; date_order: string }[]>("sale.order", "read", [ids, ["date_order"]]);
    expect(rows.map((row) => row.id)).toEqual(ids);
    const dates = rows.map((row) => row.date_order);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(dates[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  test("reads a many2one as [id, display name], a one2many as ids, an empty value as false", async () => {
    const [order] = await ctx.admin.call<Record<string, unknown>[]>("sale.order", "read", [[1], ["partner_id", "user_id", "order_line", "note", "display_name"]]);
    expect(order).toMatchObject({ id: 1, partner_id: [expect.any(Number), expect.any(String)], note: false, display_name: "S00001" });
    expect((order!.order_line as number[]).length).toBeGreaterThan(0);
    const lines = await ctx.admin.call<{ order_id: [number, string] }[]>("sale.order.line", "read", [order!.order_line, ["order_id"]]);
    expect(lines.every((line) => line.order_id[0] === 1 && line.order_id[1] === "S00001")).toBe(true);
  });

  test("reads a record that does not exist as MissingError", async () => {
    expect((await ctx.admin.fail("sale.order", "read", [[999999], ["name"]])).data).toMatchObject({
      name: "odoo.exceptions.MissingError",
      message: "Record does not exist or has been deleted.\n(Record: sale.order(999999,), User: 1)",
    });
  });

  test("sorts by a validated order spec, many2one by display name, and refuses anything else", async () => {
    const byCustomer = await ctx.admin.call<{ partner_id: [number, string] }[]>("sale.order", "search_read", [], { fields: ["partner_id"], order: "partner_id asc, id", limit: 40 });
    const names = byCustomer.map((row) => row.partner_id[1]);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" })));
    for (const order of ["amount_total; DROP TABLE sale_order", "nope desc", "amount_total sideways", "order_line"]) {
      expect((await ctx.admin.fail("sale.order", "search", [[]], { order })).data.message).toMatch(/^Invalid "order" specified/);
    }
    expect(await ctx.admin.call("sale.order", "search_count", [[]])).toBe(SEED_ORDER_COUNT);
  });

  test("groups with read_group as Odoo 17: labels, lazy counts, sums, __domain and __range", async () => {
    const groups = await ctx.admin.call<Record<string, unknown>[]>("sale.order", "read_group", [[["state", "=", "sale"]], ["amount_total:sum"], ["date_order:month"]], { orderby: "date_order:month desc", limit: 2 });
    expect(groups).toHaveLength(2);
    expect(groups[0]).toMatchObject({
      "date_order:month": "June 2026",
      date_order_count: expect.any(Number),
      amount_total: expect.any(Number),
      __range: { "date_order:month": { from: "2026-06-01 00:00:00", to: "2026-07-01 00:00:00" } },
    });
    expect(groups[1]!["date_order:month"]).toBe("May 2026");
    // A group's __domain finds exactly its records.
    const june = groups[0]!;
    expect(await ctx.admin.call("sale.order", "search_count", [june.__domain])).toBe(june.date_order_count);

    const byState = await ctx.admin.call<Record<string, unknown>[]>("sale.order", "read_group", [[], ["amount_total"], ["state", "user_id"]], { lazy: false });
    const total = byState.reduce((sum, group) => sum + (group.__count as number), 0);
    expect(total).toBe(SEED_ORDER_COUNT);
    expect(byState[0]).toMatchObject({ state: expect.any(String), user_id: [expect.any(Number), expect.any(String)], __count: expect.any(Number) });
    const lazy = await ctx.admin.call<Record<string, unknown>[]>("sale.order", "read_group", [[], [], ["state", "user_id"]]);
    expect(lazy[0]).toMatchObject({ state_count: expect.any(Number), __context: { group_by: ["user_id"] } });
  });

  test("names the period of each granularity as Odoo does", async () => {
    const label = async (granularity: string) =>
      (await ctx.admin.call<Record<string, unknown>[]>("sale.order", "read_group", [[["date_order", ">=", "2026-01-05 00:00:00"], ["date_order", "<", "2026-01-06 00:00:00"]], [], [`date_order:${granularity}`]]))[0]?.[`date_order:${granularity}`];
    expect(await label("day")).toBe("05 Jan 2026");
    expect(await label("week")).toBe("W02 2026");
    expect(await label("month")).toBe("January 2026");
    expect(await label("quarter")).toBe("Q1 2026");
    expect(await label("year")).toBe("2026");
    expect((await ctx.admin.fail("sale.order", "read_group", [[], [], ["date_order:hour"]])).data.message).toBe("Invalid granularity 'hour' for 'date_order' on 'sale.order' (day, week, month, quarter, year)");
    expect((await ctx.admin.fail("sale.order", "read_group", [[], ["amount_total:median"], ["state"]])).data.message).toMatch(/^Invalid aggregation function 'median'/);
  });

  test("describes fields with fields_get and finds records with name_search", async () => {
    const fields = await ctx.admin.call<Record<string, Record<string, unknown>>>("sale.order", "fields_get", [], { attributes: ["type", "string", "relation"] });
    expect(fields.partner_id).toEqual({ type: "many2one", string: "Customer", relation: "res.partner" });
    expect(fields.state).toEqual({ type: "selection", string: "Status" });
    const found = await ctx.admin.call<[number, string][]>("res.partner", "name_search", ["azure"]);
    expect(found).toEqual([[expect.any(Number), "Azure Interior"]]);
  });

  test("creates an order with lines (one2many commands), computes its amounts, then edits and deletes lines", async () => {
    const [product] = await ctx.admin.call<{ id: number; list_price: number }[]>("product.product", "search_read", [[["default_code", "=", "FURN_7777"]], ["list_price"]]);
    const [partner] = await ctx.admin.call<number[]>("res.partner", "search", [[["name", "=", "Azure Interior"]]]);
    const [id] = await ctx.admin.call<number[]>("sale.order", "create", [[{ partner_id: partner, order_line: [[0, 0, { product_id: product!.id, product_uom_qty: 3 }]] }]]);
    let [order] = await ctx.admin.call<Record<string, unknown>[]>("sale.order", "read", [[id], ["name", "state", "amount_untaxed", "amount_total", "order_line", "user_id"]]);
    expect(order).toMatchObject({ name: `S${String(SEED_ORDER_COUNT + 1).padStart(5, "0")}`, state: "draft", amount_untaxed: 3 * product!.list_price, user_id: [1, "Mitchell Admin"] });
    expect(order!.amount_total).toBeCloseTo(3 * product!.list_price * 1.21, 2);
    const [line] = order!.order_line as number[];
    await ctx.admin.call("sale.order", "write", [[id], { order_line: [[1, line, { product_uom_qty: 1 }], [0, 0, { product_id: product!.id, product_uom_qty: 2, price_unit: 10 }]] }]);
    [order] = await ctx.admin.call<Record<string, unknown>[]>("sale.order", "read", [[id], ["amount_untaxed", "order_line"]]);
    expect(order).toMatchObject({ amount_untaxed: product!.list_price + 20 });
    await ctx.admin.call("sale.order", "write", [[id], { order_line: [[2, line]] }]);
    [order] = await ctx.admin.call<Record<string, unknown>[]>("sale.order", "read", [[id], ["amount_untaxed", "order_line"]]);
    expect(order).toMatchObject({ amount_untaxed: 20, order_line: [expect.any(Number)] });
    expect(await ctx.admin.call("sale.order", "unlink", [[id]])).toBe(true);
    expect(await ctx.admin.call("sale.order.line", "search_count", [[["order_id", "=", id]]])).toBe(0);
  });

  test("a field or an id asked twice is read as if asked once: many2one values stay [id, name]", async () => {
    const [order] = await ctx.admin.call<{ id: number }[]>("sale.order", "search_read", [[], ["id"]], { limit: 1 });
    const rows = await ctx.admin.call<{ partner_id: unknown }[]>("sale.order", "read", [[order!.id, order!.id], ["partner_id", "partner_id"]]);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.partner_id).toEqual([expect.any(Number), expect.any(String)]);
  });

  test("create answers as Odoo 17's call_kw does: an id for one dict, a list of ids for a list", async () => {
    const [partner] = await ctx.admin.call<number[]>("res.partner", "search", [[]], { limit: 1 });
    const one = await ctx.admin.call<number>("sale.order", "create", [{ partner_id: partner }]);
    expect(one).toEqual(expect.any(Number));
    const list = await ctx.admin.call<number[]>("sale.order", "create", [[{ partner_id: partner }, { partner_id: partner }]]);
    expect(list).toEqual([expect.any(Number), expect.any(Number)]);
    await ctx.admin.call("sale.order", "unlink", [[one, ...list]]);
  });

  test("refuses unknown fields, computed fields and values of the wrong type, naming them", async () => {
    expect((await ctx.admin.fail("res.partner", "create", [{ name: "X", nickname: "x" }])).data.message).toBe("Invalid field 'nickname' on model 'res.partner'");
    expect((await ctx.admin.fail("sale.order", "write", [[1], { amount_total: 0 }])).data.message).toBe("Field 'amount_total' of 'sale.order' is computed by the server and cannot be written");
    expect((await ctx.admin.fail("res.partner", "write", [[1], { is_company: "yes" }])).data.message).toBe('Wrong value for res.partner.is_company: "yes" (expected true or false)');
    expect((await ctx.admin.fail("sale.order", "write", [[1], { order_line: [[5]] }])).data.message).toBe("sale.order.order_line[0]: command 5 is not supported here (0 create, 1 update, 2 delete)");
    expect((await ctx.admin.fail("sale.order", "write", [[1], { order_line: [[2, 999999]] }])).data.message).toBe("sale.order.order_line[0]: 999999 is not a line of sale.order(1)");
  });

  test("confirms a quotation with action_confirm, and refuses to confirm it twice or to confirm an empty one", async () => {
    const [partner] = await ctx.admin.call<number[]>("res.partner", "search", [[]], { limit: 1 });
    const [empty] = await ctx.admin.call<number[]>("sale.order", "create", [[{ partner_id: partner }]]);
    expect((await ctx.admin.fail("sale.order", "action_confirm", [[empty]])).data).toMatchObject({ name: "odoo.exceptions.UserError" });
    await ctx.admin.call("sale.order", "write", [[empty], { order_line: [[0, 0, { product_id: 1, product_uom_qty: 1 }]] }]);
    expect(await ctx.admin.call("sale.order", "action_confirm", [[empty]])).toBe(true);
    expect((await ctx.admin.fail("sale.order", "action_confirm", [[empty]])).data.message).toMatch(/^Only quotations can be confirmed: S\d+ is already "Sales Order"\.$/);
    expect((await ctx.admin.fail("sale.order", "unlink", [[empty]])).data.message).toMatch(/^You can not delete a sent quotation or a confirmed sales order/);
  });
});
