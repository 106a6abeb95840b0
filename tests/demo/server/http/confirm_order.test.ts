// @vitest-environment node
/**
 * `/demo/confirm_order`, the lab's "Another user confirms an order now": the sales administrator
 * confirms, from the server, a quotation the caller may read; the caller hears of it on the bus.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { BusClient } from "../bus/bus_client";
import { signedIn, useDemoServer, type OdooClient } from "../demo_server_helpers";

const ctx = useDemoServer();
let sales: OdooClient;
beforeAll(async () => {
  sales = await signedIn(ctx.server, "sales");
});

/** A quotation with lines of `login`'s. */
async function quotationOf(login: string): Promise<number> {
  const { rows } = await ctx.server.db.query<{ id: number }>(
    "SELECT o.id FROM sale_order o JOIN res_users u ON u.id = o.user_id WHERE u.login = $1 AND o.state = 'draft' AND EXISTS (SELECT 1 FROM sale_order_line l WHERE l.order_id = o.id) ORDER BY o.id LIMIT 1",
    [login],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!.id;
}
const stateOf = async (id: number) => (await ctx.server.db.query<{ state: string }>("SELECT state FROM sale_order WHERE id = $1", [id])).rows[0]!.state;

describe("/demo/confirm_order", () => {
  test("confirms a salesperson's quotation as the sales administrator, and the salesperson hears of it on the bus", async () => {
    const id = await quotationOf("sales");
    const bus = await BusClient.listening(ctx.server, sales, ["sale.order"]);
    const reply = await sales.post<{ id: number; name: string; by: string }>("/demo/confirm_order", { order_id: id });
    expect(reply.body.error).toBeUndefined();
    expect(reply.body.result).toMatchObject({ id, by: "Mitchell Admin" });
    expect(await stateOf(id)).toBe("sale");
    const heard = await bus.next((n) => n.message.type === "records/changed" && (n.message.payload as { ids: number[] }).ids.includes(id));
    expect(heard.message.payload).toEqual({ model: "sale.order", ids: [id] });
    await bus.close();
  });

  test("refuses an order the caller may not read (AccessError) and leaves it a quotation", async () => {
    const id = await quotationOf("joel");
    const refused = (await sales.post("/demo/confirm_order", { order_id: id })).body.error!;
    expect(refused.data.name).toBe("odoo.exceptions.AccessError");
    expect(await stateOf(id)).toBe("draft");
  });

  test("refuses an order_id that is not a positive integer, naming the route", async () => {
    const refused = (await sales.post("/demo/confirm_order", { order_id: "7" })).body.error!;
    expect(refused.data.message).toBe('/demo/confirm_order: order_id must be a positive integer, got "7"');
  });
});
