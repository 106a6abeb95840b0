// @vitest-environment node
/** Odoo's concurrency check (context.__last_update): a write or unlink of a record changed since the user saw it is refused. */
import { describe, expect, test } from "vitest";
import { OdooCallError, useDemoServer } from "../demo_server_helpers";

const ctx = useDemoServer();

/** A draft order's id and its write_date as the user reads it. */
async function seenOrder(): Promise<{ id: number; writeDate: string }> {
  const [order] = await ctx.admin.call<{ id: number; write_date: string }[]>("sale.order", "search_read", [[["state", "=", "draft"]], ["write_date"]], { limit: 1 });
  return { id: order!.id, writeDate: order!.write_date };
}

const lastUpdate = (id: number, at: string) => ({ context: { __last_update: { [`sale.order,${id}`]: at } } });

describe("the concurrency check", () => {
  test("a write carrying the write_date the user saw is applied, and moves write_date on", async () => {
    const { id, writeDate } = await seenOrder();
    await expect(ctx.admin.call("sale.order", "write", [[id], { note: "mine" }], lastUpdate(id, writeDate))).resolves.toBe(true);
    const [after] = await ctx.admin.call<{ write_date: string }[]>("sale.order", "read", [[id], ["write_date"]]);
    expect(after!.write_date >= writeDate).toBe(true);
  });

  test("a write or unlink of a record written since the user saw it is refused with Odoo's message, and changes nothing", async () => {
    const { id } = await seenOrder();
    const stale = "2000-01-01 00:00:00";
    const refused = await ctx.admin.fail("sale.order", "write", [[id], { note: "stale" }], lastUpdate(id, stale));
    expect(refused.data.name).toBe("odoo.exceptions.ValidationError");
    expect(refused.data.message).toBe(`A document was modified since you last viewed it (Sales Order:${id})`);
    const [order] = await ctx.admin.call<{ note: string | false }[]>("sale.order", "read", [[id], ["note"]]);
    expect(order!.note).not.toBe("stale");
    const unlink = await ctx.admin.fail("sale.order", "unlink", [[id]], lastUpdate(id, stale));
    expect(unlink.data.message).toBe(`A document was modified since you last viewed it (Sales Order:${id})`);
    expect(await ctx.admin.call("sale.order", "search_count", [[["id", "=", id]]])).toBe(1);
    // Without the check ("keep mine"), the same write goes through.
    await expect(ctx.admin.call("sale.order", "write", [[id], { note: "kept mine" }])).resolves.toBe(true);
  });

  test("two writes that saw the same version, sent at once: exactly one applies, the other gets the conflict error", async () => {
    const { id } = await seenOrder();
    // Written just now, so both writes below fall in the second the user saw.
    await ctx.admin.call("sale.order", "write", [[id], { note: "fresh" }]);
    const [{ write_date: seen }] = (await ctx.admin.call<{ write_date: string }[]>("sale.order", "read", [[id], ["write_date"]])) as [{ write_date: string }];
    const outcomes = await Promise.all(
      ["first", "second"].map((note) => ctx.admin.call("sale.order", "write", [[id], { note }], lastUpdate(id, seen)).then(() => "applied", (error: unknown) => error as OdooCallError)),
    );
    expect(outcomes.filter((outcome) => outcome === "applied")).toHaveLength(1);
    const refused = outcomes.find((outcome): outcome is OdooCallError => outcome instanceof OdooCallError);
    expect(refused?.error.data.message).toBe(`A document was modified since you last viewed it (Sales Order:${id})`);
  });

  test("a second write carrying the version the first one saw is refused, though both fall in the same second", async () => {
    const { id } = await seenOrder();
    // A version in a second that has not ended yet (an hour ahead), so every write below falls in it however slow the machine.
    await ctx.server.db.query("UPDATE sale_order SET write_date = date_trunc('second', now() AT TIME ZONE 'UTC') + interval '1 hour' WHERE id = $1", [id]);
    const [{ write_date: seen }] = (await ctx.admin.call<{ write_date: string }[]>("sale.order", "read", [[id], ["write_date"]])) as [{ write_date: string }];
    await expect(ctx.admin.call("sale.order", "write", [[id], { note: "first" }], lastUpdate(id, seen))).resolves.toBe(true);
    const refused = await ctx.admin.fail("sale.order", "write", [[id], { note: "second" }], lastUpdate(id, seen));
    expect(refused.data.message).toBe(`A document was modified since you last viewed it (Sales Order:${id})`);
    const [order] = await ctx.admin.call<{ note: string; write_date: string }[]>("sale.order", "read", [[id], ["note", "write_date"]]);
    expect(order!.note).toBe("first");
    // The version a reader gets names the state it read: a write with it is applied.
    await expect(ctx.admin.call("sale.order", "write", [[id], { note: "third" }], lastUpdate(id, order!.write_date))).resolves.toBe(true);
  });

  test("a write of an order's lines alone moves the order's version on", async () => {
    const { id, writeDate } = await seenOrder();
    const [product] = await ctx.admin.call<number[]>("product.product", "search", [[]], { limit: 1 });
    await ctx.admin.call("sale.order", "write", [[id], { order_line: [[0, 0, { product_id: product, product_uom_qty: 1 }]] }], lastUpdate(id, writeDate));
    const refused = await ctx.admin.fail("sale.order", "write", [[id], { note: "stale" }], lastUpdate(id, writeDate));
    expect(refused.data.message).toBe(`A document was modified since you last viewed it (Sales Order:${id})`);
  });

  test("refuses a malformed __last_update, naming it", async () => {
    const { id } = await seenOrder();
    const refused = await ctx.admin.fail("sale.order", "write", [[id], { note: "x" }], lastUpdate(id, "yesterday"));
    expect(refused.data.name).toBe("builtins.ValueError");
    expect(refused.data.message).toBe(`context.__last_update["sale.order,${id}"] must be a datetime "YYYY-MM-DD HH:MM:SS", got "yesterday"`);
  });
});
