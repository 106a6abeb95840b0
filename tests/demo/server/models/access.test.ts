// @vitest-environment node
import { beforeAll, describe, expect, test } from "vitest";
import { signedIn, useDemoServer, type OdooClient } from "../demo_server_helpers";

const ctx = useDemoServer();
let admin: OdooClient;
let sales: OdooClient;
let salesUid: number;
beforeAll(async () => {
  admin = ctx.admin;
  sales = await signedIn(ctx.server, "sales");
  salesUid = ((await sales.post<{ uid: number }>("/web/session/get_session_info")).body.result!).uid;
});

const othersOrder = async () => (await admin.call<number[]>("sale.order", "search", [[["user_id", "!=", salesUid], ["user_id", "!=", false]]], { limit: 1 }))[0]!;

describe("access rules, enforced by the server whatever the client sends", () => {
  test("a salesperson sees only their own orders (record rule), in search, count, read_group and dotted paths", async () => {
    const total = await admin.call<number>("sale.order", "search_count", [[]]);
    const own = await sales.call<number>("sale.order", "search_count", [[]]);
    expect(own).toBeGreaterThan(0);
    expect(own).toBeLessThan(total);
    expect(own).toBe(await admin.call("sale.order", "search_count", [["|", ["user_id", "=", salesUid], ["user_id", "=", false]]]));
    const rows = await sales.call<{ user_id: [number, string] }[]>("sale.order", "search_read", [[], ["user_id"]]);
    expect(rows.every((row) => row.user_id[0] === salesUid)).toBe(true);
    const groups = await sales.call<{ __count: number }[]>("sale.order", "read_group", [[], [], ["state"]], { lazy: false });
    expect(groups.reduce((sum, group) => sum + group.__count, 0)).toBe(own);
    // A domain that asks for everything still gets only their own.
    expect(await sales.call("sale.order", "search_count", [["|", ["user_id", "!=", salesUid], ["user_id", "=", salesUid]]])).toBe(own);
  });

  test("reading or writing another salesperson's order is an AccessError naming the record and the rule", async () => {
    const id = await othersOrder();
    const read = await sales.fail("sale.order", "read", [[id], ["name"]]);
    expect(read.data.name).toBe("odoo.exceptions.AccessError");
    expect(read.data.message).toMatch(/^Due to security restrictions, you are not allowed to access 'Sales Order' \(sale\.order\) records\.\n\nRecords: sale\.order\(\d+\)\nUser: Marc Demo \(id=2\)\n\nThis restriction is due to the following rules:\n- Personal Orders\n/);
    // The record the salesperson may not read is named by its id, not by its name.
    const [hidden] = await admin.call<{ name: string }[]>("sale.order", "read", [[id], ["name"]]);
    expect(read.data.message).not.toContain(hidden!.name);
    const write = await sales.fail("sale.order", "write", [[id], { note: "mine now" }]);
    expect(write.data.message).toMatch(/not allowed to modify 'Sales Order'/);
    const [order] = await admin.call<{ note: string | false }[]>("sale.order", "read", [[id], ["note"]]);
    expect(order!.note).not.toBe("mine now");
  });

  test("a salesperson may not delete orders or confirm them (AccessError with the group that may)", async () => {
    const [own] = await sales.call<number[]>("sale.order", "search", [[]], { limit: 1 });
    expect((await sales.fail("sale.order", "unlink", [[own]])).data).toMatchObject({
      name: "odoo.exceptions.AccessError",
      message:
        "You are not allowed to delete 'Sales Order' (sale.order) records.\n\nThis operation is allowed for the following groups:\n\t- Sales/Administrator\n\nContact your administrator to request access if necessary.",
    });
    expect((await sales.fail("sale.order", "action_confirm", [[own]])).data).toMatchObject({ name: "odoo.exceptions.AccessError" });
    expect(await admin.call("sale.order", "search_count", [[["id", "=", own]]])).toBe(1);
  });

  test("a salesperson cannot create an order for someone else, and nothing is left of the attempt", async () => {
    const before = await admin.call<number>("sale.order", "search_count", [[]]);
    const [partner] = await admin.call<number[]>("res.partner", "search", [[["is_company", "=", true]]], { limit: 1 });
    const error = await sales.fail("sale.order", "create", [{ partner_id: partner, user_id: 1, order_line: [[0, 0, { product_id: 1, product_uom_qty: 1 }]] }]);
    expect(error.data.message).toMatch(/not allowed to create 'Sales Order'/);
    expect(await admin.call("sale.order", "search_count", [[]])).toBe(before);
    const mine = await sales.call<number>("sale.order", "create", [{ partner_id: partner }]);
    const [order] = await sales.call<{ user_id: [number, string] }[]>("sale.order", "read", [[mine], ["user_id"]]);
    expect(order!.user_id[0]).toBe(salesUid);
  });

  test("a salesperson may read products but not change them; nobody may write users", async () => {
    expect(await sales.call("product.product", "search_count", [[]])).toBeGreaterThan(20);
    expect((await sales.fail("product.product", "write", [[1], { list_price: 1 }])).data.message).toMatch(/^You are not allowed to modify 'Product'/);
    expect((await admin.fail("res.users", "write", [[2], { name: "x" }])).data.message).toMatch(/^You are not allowed to modify 'User'/);
  });

  test("custom methods keep the record rules: a salesperson's reports total their own orders, and shipping another's order is an AccessError", async () => {
    const mine = await sales.call<{ salesperson: string }[]>("sale.order", "compute_commissions").catch((error: unknown) => error);
    // The commissions report may meet its (deliberate) missing-rate bug; when it answers, it names only the salesperson.
    if (Array.isArray(mine)) expect(mine.every((row) => row.salesperson === "Marc Demo")).toBe(true);
    const [adminForecast, salesForecast] = await Promise.all([
      admin.call<{ revenue: number }>("sale.order", "get_forecast", [], { months: 3 }),
      sales.call<{ revenue: number }>("sale.order", "get_forecast", [], { months: 3 }),
    ]);
    expect(salesForecast.revenue).toBeGreaterThan(0);
    expect(salesForecast.revenue).toBeLessThan(adminForecast.revenue);
    const [confirmed] = await admin.call<number[]>("sale.order", "search", [[["state", "=", "sale"], ["user_id", "!=", salesUid], ["user_id", "!=", false]]], { limit: 1 });
    const ship = await sales.fail("sale.order", "action_ship", [[confirmed]]);
    expect(ship.data.name).toBe("odoo.exceptions.AccessError");
    expect(ship.data.message).toMatch(/not allowed to modify 'Sales Order'/);
    const missing = await admin.fail("sale.order", "action_ship", [[987654]]);
    expect(missing.data.name).toBe("odoo.exceptions.MissingError");
  });

  test("only a manager may stop the server through /demo/outage", async () => {
    const refused = await sales.post<unknown>("/demo/outage", { seconds: 5 });
    expect(refused.body.error!.data.name).toBe("odoo.exceptions.AccessError");
    expect(refused.body.error!.data.message).toBe("Only a Sales Administrator may stop the demo server (/demo/outage); Marc Demo is a Salesperson.");
  });

  test("a salesperson cannot move a line of their own order into another user's order through one2many commands", async () => {
    const [mine] = await sales.call<{ id: number; order_id: [number, string] }[]>("sale.order.line", "search_read", [[["order_id.user_id", "=", salesUid], ["order_id.state", "=", "draft"]], ["order_id"]], { limit: 1 });
    const [other] = await admin.call<number[]>("sale.order", "search", [[["state", "=", "sale"], ["user_id", "!=", salesUid], ["user_id", "!=", false]]], { limit: 1 });
    const [line, order] = [mine!.id, mine!.order_id[0]];
    const moved = await sales.fail("sale.order", "write", [[order], { order_line: [[1, line, { order_id: other }]] }]);
    expect(moved.data.name).toBe("builtins.ValueError");
    expect(moved.data.message).toBe(`sale.order.order_line[0]: order_id cannot be changed through sale.order.order_line (a line stays with sale.order(${order}))`);
    const [still] = await admin.call<{ order_id: [number, string] }[]>("sale.order.line", "read", [[line], ["order_id"]]);
    expect(still!.order_id[0]).toBe(order);
  });
});
