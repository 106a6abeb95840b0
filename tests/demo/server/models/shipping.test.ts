// @vitest-environment node
/** Shipping is a state of the order (its carrier tracking reference), and /demo/edit_order is a write like any other. */
import { beforeAll, describe, expect, test } from "vitest";
import { signedIn, useDemoServer, type OdooClient } from "../demo_server_helpers";

const ctx = useDemoServer();
let sales: OdooClient;
let salesUid: number;
beforeAll(async () => {
  sales = await signedIn(ctx.server, "sales");
  salesUid = ((await sales.post<{ uid: number }>("/web/session/get_session_info")).body.result!).uid;
});

/** A confirmed order with a full address (the carrier books it) that `owner` may write. */
async function shippable(owner: "admin" | "sales"): Promise<number> {
  const mine: unknown[] = owner === "sales" ? [["user_id", "=", salesUid]] : [["user_id", "!=", salesUid], ["user_id", "!=", false]];
  const ids = await ctx.admin.call<number[]>("sale.order", "search", [[["state", "=", "sale"], ["partner_id.zip", "!=", false], ...mine]], { limit: 1, order: "id desc" });
  expect(ids).toHaveLength(1);
  return ids[0]!;
}

const editOrder = (client: OdooClient, id: number) => client.post<boolean>("/demo/edit_order", { order_id: id });
const ALREADY_SHIPPED = /^S\d{5} was already shipped \(tracking CX[0-9A-F]{10}\): a second shipment is not booked\.$/;

describe("shipping and another user's edit", () => {
  test("another user's edit of a shipped order leaves it shipped: action_ship books no second shipment", async () => {
    const id = await shippable("admin");
    const [tracking] = await ctx.admin.call<string[]>("sale.order", "action_ship", [[id]]);
    expect((await editOrder(ctx.admin, id)).body.result).toBe(true);
    const [order] = await ctx.admin.call<{ note: string; carrier_tracking_ref: string }[]>("sale.order", "read", [[id], ["note", "carrier_tracking_ref"]]);
    expect(order).toMatchObject({ note: "Edited by another user", carrier_tracking_ref: tracking });
    expect((await ctx.admin.fail("sale.order", "action_ship", [[id]])).data.message).toMatch(ALREADY_SHIPPED);
  });

  test("a salesperson who clears the note of their shipped order cannot ship it again, nor write its tracking reference", async () => {
    const id = await shippable("sales");
    await sales.call("sale.order", "action_ship", [[id]]);
    await expect(sales.call("sale.order", "write", [[id], { note: false }])).resolves.toBe(true);
    expect((await sales.fail("sale.order", "action_ship", [[id]])).data.message).toMatch(ALREADY_SHIPPED);
    const refused = await sales.fail("sale.order", "write", [[id], { carrier_tracking_ref: false }]);
    expect(refused.data.message).toBe("Field 'carrier_tracking_ref' of 'sale.order' is computed by the server and cannot be written");
  });

  test("/demo/edit_order keeps the record rules: another salesperson's order is refused and left as it was", async () => {
    const id = await shippable("admin");
    const [before] = await ctx.admin.call<{ note: string | false; write_date: string }[]>("sale.order", "read", [[id], ["note", "write_date"]]);
    const refused = (await editOrder(sales, id)).body.error!;
    expect(refused.data.name).toBe("odoo.exceptions.AccessError");
    expect(refused.data.message).toContain(`Records: sale.order(${id})`);
    const [after] = await ctx.admin.call<{ note: string | false; write_date: string }[]>("sale.order", "read", [[id], ["note", "write_date"]]);
    expect(after).toEqual(before);
  });
});
