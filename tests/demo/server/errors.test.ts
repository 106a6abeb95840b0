// @vitest-environment node
import { describe, expect, test } from "vitest";
import { formatTraceback, PyValueError, serializeError, SessionExpiredException, ValidationError } from "../../../demo/server/errors";
import { useDemoServer } from "./demo_server_helpers";

const ctx = useDemoServer();

const CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n";

describe("errors serialized as Odoo 17 does", () => {
  test("a backend exception carries its name, message, arguments and the server's real traceback", async () => {
    const error = await ctx.admin.fail("sale.order", "compute_commissions");
    expect(error).toMatchObject({ code: 200, message: "Odoo Server Error", data: { name: "builtins.ValueError", context: {} } });
    expect(error.data.message).toMatch(/^Invalid commission rate for country '[A-Z]{2}': None$/);
    expect(error.data.arguments).toEqual([error.data.message]);
    expect(error.data.debug).toMatch(/^Traceback \(most recent call last\):\n {2}at commissionRate \(demo\/server\/models\/sale_order_reports\.ts:\d+:\d+\)\n/);
    expect(error.data.debug.trimEnd().split("\n").at(-1)).toBe(`builtins.ValueError: ${error.data.message}`);
  });

  test("a unique violation comes from PostgreSQL and is reported as Odoo reports it, with the constraint's message", async () => {
    const [order] = await ctx.admin.call<{ name: string; partner_id: [number, string] }[]>("sale.order", "read", [[1], ["name", "partner_id"]]);
    const error = await ctx.admin.fail("sale.order", "create", [{ name: order!.name, partner_id: order!.partner_id[0] }]);
    expect(error.data).toMatchObject({ name: "odoo.exceptions.ValidationError", message: "The operation cannot be completed: Order Reference must be unique!" });
    const [cause, wrapper] = error.data.debug.split(CAUSE);
    expect(cause).toContain('psycopg2.errors.UniqueViolation: duplicate key value violates unique constraint "sale_order_name_uniq"\nDETAIL:  Key (name)=(S00001) already exists.');
    expect(wrapper).toContain("odoo.exceptions.ValidationError: The operation cannot be completed: Order Reference must be unique!");
  });

  test("a foreign-key violation names the model and the constraint", async () => {
    const [order] = await ctx.admin.call<{ partner_id: [number, string] }[]>("sale.order", "read", [[1], ["partner_id"]]);
    const error = await ctx.admin.fail("res.partner", "unlink", [[order!.partner_id[0]]]);
    expect(error.data.message).toBe(
      "The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\nModel: Sales Order (sale.order)\nConstraint: sale_order_partner_id_fkey\n",
    );
    expect(error.data.debug).toContain("psycopg2.errors.ForeignKeyViolation: update or delete on table \"res_partner\" violates foreign key constraint");
    // The server's own frames; the embedded database's WebAssembly frames are counted, not listed.
    expect(error.data.debug).not.toContain("wasm://");
    expect(error.data.debug).toContain("in libraries, Node.js and the database");
    expect(await ctx.admin.call("res.partner", "search_count", [[["id", "=", order!.partner_id[0]]]])).toBe(1);
  });

  test("a not-null and a check violation are reported with the field and the constraint's message", async () => {
    const notNull = await ctx.admin.fail("sale.order", "create", [{ note: "no customer" }]);
    expect(notNull.data.message).toContain("- Create/update: a mandatory field is not set.");
    expect(notNull.data.message).toContain("Model: Sales Order (sale.order)\nField: Customer (partner_id)");
    expect(notNull.data.debug).toContain("psycopg2.errors.NotNullViolation");
    const check = await ctx.admin.fail("sale.order", "write", [[1], { order_line: [[0, 0, { product_id: 1, product_uom_qty: 0 }]] }]);
    expect(check.data.message).toBe("The operation cannot be completed: The quantity of an order line must be positive.");
    expect(check.data.debug).toContain("psycopg2.errors.CheckViolation");
  });

  test("a failed write leaves nothing behind: the transaction is rolled back", async () => {
    const [before] = await ctx.admin.call<{ amount_total: number; order_line: number[] }[]>("sale.order", "read", [[1], ["amount_total", "order_line"]]);
    await ctx.admin.fail("sale.order", "write", [[1], { note: "changed", order_line: [[0, 0, { product_id: 1, product_uom_qty: 2 }], [0, 0, { product_id: 999999, product_uom_qty: 1 }]] }]);
    const [after] = await ctx.admin.call<{ amount_total: number; order_line: number[]; note: string | false }[]>("sale.order", "read", [[1], ["amount_total", "order_line", "note"]]);
    expect(after).toMatchObject({ amount_total: before!.amount_total, order_line: before!.order_line, note: false });
  });

  test("a value PostgreSQL cannot read keeps its psycopg2 name", async () => {
    const error = await ctx.admin.fail("sale.order", "search", [[["date_order", ">", "not a date"]]]);
    expect(error.data.name).toBe("psycopg2.errors.InvalidDatetimeFormat");
    expect(error.data.message).toMatch(/invalid input syntax for type timestamp/);
  });

  test("an integration failure tells what the external API answered", async () => {
    const [id] = await ctx.admin.call<number[]>("sale.order", "search", [[["state", "=", "sale"], ["partner_id.zip", "=", false]]], { limit: 1 });
    const error = await ctx.admin.fail("sale.order", "action_ship", [[id]]);
    expect(error.data.name).toBe("odoo.exceptions.UserError");
    expect(error.data.message).toMatch(/^The carrier refused the shipment of S\d{5} \(HTTP 422\): recipient\.zip is required\. Fix the customer's address and try again\.$/);
    const [shippable] = await ctx.admin.call<number[]>("sale.order", "search", [[["state", "=", "sale"], ["partner_id.zip", "!=", false]]], { limit: 1 });
    const [tracking] = await ctx.admin.call<string[]>("sale.order", "action_ship", [[shippable]]);
    expect(tracking).toMatch(/^CX[0-9A-F]{10}$/);
    const [order] = await ctx.admin.call<{ carrier_tracking_ref: string }[]>("sale.order", "read", [[shippable], ["carrier_tracking_ref"]]);
    expect(order!.carrier_tracking_ref).toBe(tracking);
    // A second shipment of the same order is refused, not booked.
    const again = await ctx.admin.fail("sale.order", "action_ship", [[shippable]]);
    expect(again.data.name).toBe("odoo.exceptions.UserError");
    expect(again.data.message).toMatch(new RegExp(`^S\\d{5} was already shipped \\(tracking ${tracking}\\): a second shipment is not booked\\.$`));
  });

  test("serializeError gives the session, not-found and chained shapes", () => {
    expect(serializeError(new SessionExpiredException())).toMatchObject({ code: 100, message: "Odoo Session Expired", data: { name: "odoo.http.SessionExpiredException" } });
    const chained = new ValidationError("outer", { cause: new PyValueError("inner") });
    expect(formatTraceback(chained).split(CAUSE).map((part) => part.trimEnd().split("\n").at(-1))).toEqual(["builtins.ValueError: inner", "odoo.exceptions.ValidationError: outer"]);
    expect(serializeError("plain string").data).toMatchObject({ name: "builtins.Exception", message: "plain string" });
  });
});
