// @vitest-environment node
/**
 * `/websocket`: Odoo 17's bus on the demo server. Every write path pushes `records/changed`
 * `{model, ids}` to the sockets of that model's channel, each user hearing only the ids they may
 * read, only once the write committed; a socket resumes from its `last`.
 */
import { describe, expect, test } from "vitest";
import { busBounds } from "../../../../demo/server/bus/bus_store";
import { type OdooClient, signedIn, useDemoServer } from "../demo_server_helpers";
import { BusClient, type Notification } from "./bus_client";

const ctx = useDemoServer({ maxBusSockets: 3 });

const top = async () => (await busBounds(ctx.server.db)).top;
const ordersOf = async (login: string) =>
  (await ctx.server.db.query<{ id: number }>("SELECT o.id FROM sale_order o JOIN res_users u ON u.id = o.user_id WHERE u.login = $1 AND o.state = 'draft' ORDER BY o.id LIMIT 3", [login])).rows.map((row) => row.id);
const changed = (model: string, ids: number[]) => (n: Notification) => n.message.type === "records/changed" && n.message.payload.model === model && JSON.stringify(n.message.payload.ids) === JSON.stringify(ids);

/** A socket of `client`'s session, subscribed to `channels` from the current id. */
const listening = (client: OdooClient, channels: string[] = ["sale.order"]) => BusClient.listening(ctx.server, client, channels);

describe("the bus: what is pushed", () => {
  test("pushes records/changed {model, ids} of a committed write, ids increasing", async () => {
    const bus = await listening(ctx.admin);
    const [first, second] = await ordersOf("sales");
    await ctx.admin.call("sale.order", "write", [[first], { note: "one" }]);
    await ctx.admin.call("sale.order", "write", [[second], { note: "two" }]);
    const a = await bus.next(changed("sale.order", [first!]));
    const b = await bus.next(changed("sale.order", [second!]));
    expect(b.id).toBeGreaterThan(a.id);
    expect(a.message).toEqual({ type: "records/changed", payload: { model: "sale.order", ids: [first] } });
    await bus.close();
  });

  test("every write path notifies: create, write, unlink, action_confirm, one2many lines, web_save and /demo/edit_order", async () => {
    const bus = await listening(ctx.admin, ["sale.order", "sale.order.line", "res.partner"]);
    const partner = await ctx.admin.call<number>("res.partner", "create", [{ name: "Bus Partner Ltd" }]);
    await bus.next(changed("res.partner", [partner]));
    const order = await ctx.admin.call<number>("sale.order", "create", [{ partner_id: partner, order_line: [[0, 0, { product_id: 1, product_uom_qty: 2 }]] }]);
    const created = await bus.next(changed("sale.order", [order]));
    const [line] = await ctx.admin.call<{ order_line: number[] }[]>("sale.order", "read", [[order], ["order_line"]]).then((rows) => rows[0]!.order_line);
    // The line in the same transaction, as its own model's notification.
    expect(bus.notifications.find(changed("sale.order.line", [line!]))?.id).toBe(created.id + 1);
    let from = bus.notifications.length;
    await ctx.admin.call("sale.order.line", "write", [[line], { product_uom_qty: 3 }]);
    // The order's totals moved with its line: the order changed too.
    await bus.next(changed("sale.order", [order]), from);
    from = bus.notifications.length;
    await ctx.admin.call("sale.order", "action_confirm", [[order]]);
    await bus.next(changed("sale.order", [order]), from);
    from = bus.notifications.length;
    // Odoo 17's web_save: a write and a create, each heard as the other write paths are.
    await ctx.admin.call("sale.order", "web_save", [[order], { note: "saved" }], { specification: { note: {} } });
    await bus.next(changed("sale.order", [order]), from);
    from = bus.notifications.length;
    const [saved] = await ctx.admin.call<{ id: number }[]>("sale.order", "web_save", [[], { partner_id: partner }], { specification: {} });
    await bus.next(changed("sale.order", [saved!.id]), from);
    from = bus.notifications.length;
    await ctx.admin.post("/demo/edit_order", { order_id: order });
    await bus.next(changed("sale.order", [order]), from);
    const draft = await ctx.admin.call<number>("sale.order", "create", [{ partner_id: partner }]);
    from = bus.notifications.length;
    await ctx.admin.call("sale.order", "unlink", [[draft]]);
    await bus.next(changed("sale.order", [draft]), from);
    await bus.close();
  });

  test("a salesperson hears only of the ids they may read, and nothing when none remains", async () => {
    const sales = await signedIn(ctx.server, "sales");
    const bus = await listening(sales);
    const [mine] = await ordersOf("sales");
    const [joels] = await ordersOf("joel");
    // Joel's order alone: nothing for Marc. Then both: Marc hears of his own only.
    await ctx.admin.call("sale.order", "write", [[joels], { note: "not for Marc" }]);
    await ctx.admin.call("sale.order", "write", [[joels, mine], { note: "both" }]);
    const first = await bus.next();
    expect(first.message.payload).toEqual({ model: "sale.order", ids: [mine] });
    expect(bus.notifications).toHaveLength(1);
    // Deleted records are judged as they were: Joel's deleted draft is not Marc's to hear of.
    const joelsDraft = await ctx.admin.call<number>("sale.order", "create", [{ partner_id: 1, user_id: await userId("joel") }]);
    const marcsDraft = await ctx.admin.call<number>("sale.order", "create", [{ partner_id: 1, user_id: await userId("sales") }]);
    await ctx.admin.call("sale.order", "unlink", [[joelsDraft, marcsDraft]]);
    await bus.next(changed("sale.order", [marcsDraft]), 1);
    const heard = bus.notifications.flatMap((n) => n.message.payload.ids ?? []);
    expect(heard).not.toContain(joels);
    expect(heard).not.toContain(joelsDraft);
    await bus.close();
  });

  test("a rolled-back write notifies nobody and writes no bus row", async () => {
    const bus = await listening(ctx.admin);
    const before = await top();
    const [order, other] = await ordersOf("sales");
    // The note is written, then the bad line command fails the call: the transaction rolls back.
    await ctx.admin.fail("sale.order", "write", [[order], { note: "rolled back", order_line: [[1, 999999, { product_uom_qty: 1 }]] }]);
    expect(await top()).toBe(before);
    await ctx.admin.call("sale.order", "write", [[other], { note: "committed" }]);
    const first = await bus.next();
    expect(first.message.payload.ids).toEqual([other]);
    expect(bus.notifications).toHaveLength(1);
    await bus.close();
  });

  test("resumes from last: a socket that was away gets every notification after it, once, in order", async () => {
    const [a, b, c] = await ordersOf("sales");
    const last = await top();
    for (const id of [a, b, c]) await ctx.admin.call("sale.order", "write", [[id], { note: `while away ${id}` }]);
    const bus = await BusClient.open(ctx.server, ctx.admin);
    bus.subscribe(["sale.order"], last);
    await bus.next(changed("sale.order", [c!]));
    expect(bus.notifications.map((n) => n.message.payload.ids)).toEqual([[a], [b], [c]]);
    // Subscribing again on the same socket (a channel added) does not give the same ids twice.
    bus.subscribe(["sale.order", "res.partner"], last);
    await ctx.admin.call("sale.order", "write", [[a], { note: "after" }]);
    await bus.next((n) => n.id > bus.notifications[2]!.id);
    expect(bus.notifications.map((n) => n.message.payload.ids)).toEqual([[a], [b], [c], [a]]);
    await bus.close();
  });

  test("answers a first subscription (last 0) with bus/reset at the current id, not the retained backlog: a browser with no id may hold reads of any age", async () => {
    const [order] = await ordersOf("sales");
    await ctx.admin.call("sale.order", "write", [[order], { note: "before the first visit" }]);
    const current = await top();
    const bus = await BusClient.open(ctx.server, ctx.admin);
    bus.subscribe(["sale.order"], 0);
    expect(await bus.next()).toEqual({ id: current, message: { type: "bus/reset", payload: {} } });
    await ctx.admin.call("sale.order", "write", [[order], { note: "after the first visit" }]);
    await bus.next(changed("sale.order", [order!]));
    // The reset, then what came after it: nothing of what was kept before it.
    expect(bus.notifications.map((n) => n.id >= current)).toEqual([true, true]);
    await bus.close();
  });

  test("answers a last from the future with bus/reset at the current id, and carries on from there", async () => {
    const current = await top();
    const bus = await BusClient.open(ctx.server, ctx.admin);
    bus.subscribe(["sale.order"], current + 1_000_000);
    const reset = await bus.next();
    expect(reset).toEqual({ id: current, message: { type: "bus/reset", payload: {} } });
    const [order] = await ordersOf("sales");
    await ctx.admin.call("sale.order", "write", [[order], { note: "after reset" }]);
    expect((await bus.next(changed("sale.order", [order!]))).id).toBeGreaterThan(current);
    await bus.close();
  });
});

describe("the bus: when the server goes", () => {
  test("the outage switch drops every socket at once, as a server that vanished (1006), and takes new ones after it", async () => {
    const bus = await listening(ctx.admin);
    ctx.server.startOutage(60_000);
    expect((await bus.closed).code).toBe(1006);
    await ctx.server.endOutage();
    const again = await listening(ctx.admin);
    const [order] = await ordersOf("sales");
    await ctx.admin.call("sale.order", "write", [[order], { note: "after the outage" }]);
    await again.next(changed("sale.order", [order!]));
    await again.close();
  });
});

async function userId(login: string): Promise<number> {
  return (await ctx.server.db.query<{ id: number }>("SELECT id FROM res_users WHERE login = $1", [login])).rows[0]!.id;
}
