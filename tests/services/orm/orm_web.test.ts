/** The orm's Odoo 17 data API: specification reads (webSearchRead, webRead), webSave and webReadGroup. */
import { describe, expect, expectTypeOf, test } from "vitest";
import { ORMArgumentError } from "../../../src/services/orm/orm_service";
import type { Many2one, ORM, Specification } from "../../../src/services/orm/orm_types";
import type { JsonRpcServer } from "../../helpers";
import { expectOneCall, expectRefused, setupORM } from "./orm_helpers";

// "sale.order" is declared in orm_service.test.ts (one declaration per program), with its
// partner_id (a Many2one<"res.partner">, res.partner undeclared) and order_line (an X2many<"sale.order.line">).
declare module "owl-services" {
  interface Models {
    "sale.order.line": { id: number; order_id: Many2one<"sale.order">; product_id: Many2one; product_uom_qty: number; price_unit: number };
  }
}

const CONTEXT = { lang: "fr_BE", uid: 2 };
const KW = "/web/dataset/call_kw/sale.order";
let server: JsonRpcServer;

const METHODS = ["web_search_read", "web_read", "web_save", "web_read_group"];

async function setup(handler?: (params: Record<string, unknown>) => unknown) {
  const made = await setupORM(METHODS, CONTEXT, handler);
  server = made.server;
  return made;
}

const LINES = { order_line: { fields: { product_id: { fields: { display_name: {} } }, product_uom_qty: {} }, limit: 40 } };

describe("orm: Odoo 17's specification API", () => {
  test.each([
    [
      "webSearchRead",
      (orm: ORM) => orm.webSearchRead("sale.order", [["state", "=", "sale"]], { specification: { name: {} }, limit: 80, offset: 0, order: "date_order desc", count_limit: 10001 }),
      "web_search_read",
      [],
      { domain: [["state", "=", "sale"]], specification: { name: {} }, limit: 80, offset: 0, order: "date_order desc", count_limit: 10001 },
    ],
    ["webSearchRead without options", (orm: ORM) => orm.webSearchRead("sale.order", [], { specification: {} }), "web_search_read", [], { domain: [], specification: {} }],
    ["webRead", (orm: ORM) => orm.webRead("sale.order", [7], { specification: LINES }), "web_read", [[7]], { specification: LINES }],
    ["webSave", (orm: ORM) => orm.webSave("sale.order", [7], { note: "x" }, { specification: { note: {} } }), "web_save", [[7], { note: "x" }], { specification: { note: {} } }],
    ["webSave creating", (orm: ORM) => orm.webSave("sale.order", [], { order_line: [[0, 0, { product_uom_qty: 2 }]] }, { specification: LINES }), "web_save", [[], { order_line: [[0, 0, { product_uom_qty: 2 }]] }], { specification: LINES }],
    [
      "webReadGroup",
      (orm: ORM) => orm.webReadGroup("sale.order", [["state", "=", "sale"]], ["amount_total:sum"], ["state"], { lazy: false, limit: 10 }),
      "web_read_group",
      [],
      { domain: [["state", "=", "sale"]], fields: ["amount_total:sum"], groupby: ["state"], lazy: false, limit: 10 },
    ],
  ])("%s sends one call_kw rpc with Odoo 17's envelope and the user context", async (_name, send, method, args, kwargs) => {
    await expectOneCall(await setup(() => 42), send, method, args, kwargs, CONTEXT);
  });

  test.each([
    ["a specification that is not an object", (orm: ORM) => orm.webRead("sale.order", [1], { specification: ["name"] as never }), 'orm.webRead: specification must be an object of objects such as { name: {} }, got ["name"]'],
    ["a missing specification", (orm: ORM) => orm.webSearchRead("sale.order", [], {} as never), "orm.webSearchRead: specification must be an object of objects such as { name: {} }, got undefined"],
    [
      "a nested field that is not an object",
      (orm: ORM) => orm.webSearchRead("sale.order", [], { specification: { order_line: { fields: { product_id: 3 } } } as never }),
      "orm.webSearchRead: specification.order_line.fields.product_id must be an object, got 3; nothing was sent",
    ],
    ["fields that are not an object", (orm: ORM) => orm.webRead("sale.order", [1], { specification: { partner_id: { fields: ["name"] } } as never }), 'orm.webRead: specification.partner_id.fields must be an object, got ["name"]'],
    ["a nested limit that is not a positive integer", (orm: ORM) => orm.webRead("sale.order", [1], { specification: { order_line: { limit: 0 } } }), "orm.webRead: specification.order_line.limit must be a positive integer, got 0"],
    ["a limit that is not a positive integer", (orm: ORM) => orm.webSearchRead("sale.order", [], { specification: {}, limit: 2.5 }), "orm.webSearchRead: limit must be a positive integer, got 2.5"],
    ["a negative offset", (orm: ORM) => orm.webSearchRead("sale.order", [], { specification: {}, offset: -1 }), "orm.webSearchRead: offset must be an integer ≥ 0, got -1"],
    ["a count_limit that is not a positive integer", (orm: ORM) => orm.webSearchRead("sale.order", [], { specification: {}, count_limit: "10" as never }), 'orm.webSearchRead: count_limit must be a positive integer, got "10"'],
    ["an order that is not a string", (orm: ORM) => orm.webSearchRead("sale.order", [], { specification: {}, order: 1 as never }), "orm.webSearchRead: order must be a string, got 1"],
    ["a nested order that is not a string", (orm: ORM) => orm.webRead("sale.order", [1], { specification: { order_line: { order: ["id"] } } as never }), 'orm.webRead: specification.order_line.order must be a string, got ["id"]'],
    ["a nested context that is not an object", (orm: ORM) => orm.webRead("sale.order", [1], { specification: { partner_id: { context: 1 } } as never }), "orm.webRead: specification.partner_id.context must be an object, got 1"],
    ["webSave values that are not an object", (orm: ORM) => orm.webSave("sale.order", [], [] as never, { specification: {} }), "orm.webSave: values must be an object of field values, got []"],
    ["webSave ids that are not positive integers", (orm: ORM) => orm.webSave("sale.order", [0], {}, { specification: {} }), "orm.webSave: ids must be positive integers, but ids[0] is 0"],
    ["webRead ids that are not an array", (orm: ORM) => orm.webRead("sale.order", 7 as never, { specification: {} }), "orm.webRead: ids must be an array of positive integers, got 7"],
    ["a webSearchRead domain that is not an array", (orm: ORM) => orm.webSearchRead("sale.order", "[]" as never, { specification: {} }), 'orm.webSearchRead: domain must be an array, got "[]"'],
    ["webReadGroup groupby that are not strings", (orm: ORM) => orm.webReadGroup("sale.order", [], [], [1] as never), "orm.webReadGroup: groupby must be an array of strings, but groupby[0] is 1"],
  ])("refuses %s before sending, saying which part is wrong", async (_what, send, message) => {
    await expectRefused(await setup(), send, message);
  });

  test("refuses a specification deeper than 20 levels, naming the path where it goes too deep", async () => {
    const { orm } = await setup();
    let specification: Record<string, unknown> = { name: {} };
    for (let depth = 0; depth < 21; depth++) specification = { order_line: { fields: specification } };
    const error = (await orm.webRead("sale.order", [1], { specification: specification as never }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ORMArgumentError);
    expect(error.message).toContain(`orm.webRead: specification${".order_line.fields".repeat(20)} is nested deeper than 20 levels`);
    expect(server.requests).toEqual([]);
    // 20 levels are sent.
    specification = { name: {} };
    for (let depth = 0; depth < 19; depth++) specification = { order_line: { fields: specification } };
    await orm.webRead("sale.order", [1], { specification: specification as never });
    expect(server.requests).toHaveLength(1);
  });

  test("web_search_read and web_read are reads: shared while in flight and cached; web_save is a keyed write that drops the model's cached reads", async () => {
    let saved = 0;
    const { orm } = await setup(({ method }) => (method === "web_save" ? [{ id: 7 }] : { length: saved, records: [] }));
    const page = () => orm.webSearchRead("sale.order", [], { specification: LINES, limit: 80 });
    await Promise.all([page(), page()]);
    expect(server.requestsTo(`${KW}/web_search_read`)).toHaveLength(1);
    expect(server.requestsTo(`${KW}/web_search_read`)[0]!.headers["idempotency-key"]).toBeUndefined();
    const cached = orm.cache();
    await expect(cached.webSearchRead("sale.order", [], { specification: LINES })).resolves.toEqual({ length: 0, records: [] });
    await cached.webSearchRead("sale.order", [], { specification: LINES });
    await cached.webRead("sale.order", [7], { specification: LINES });
    await cached.webRead("sale.order", [7], { specification: LINES });
    expect(server.requests).toHaveLength(3);

    saved = 1;
    await Promise.all([orm.webSave("sale.order", [7], { note: "x" }, { specification: {} }), orm.webSave("sale.order", [7], { note: "x" }, { specification: {} })]);
    const saves = server.requestsTo(`${KW}/web_save`);
    expect(saves).toHaveLength(2);
    expect(saves.map((request) => typeof request.headers["idempotency-key"])).toEqual(["string", "string"]);
    expect(saves[0]!.headers["idempotency-key"]).not.toBe(saves[1]!.headers["idempotency-key"]);
    await expect(cached.webSearchRead("sale.order", [], { specification: LINES })).resolves.toEqual({ length: 1, records: [] });
    expect(server.requestsTo(`${KW}/web_search_read`)).toHaveLength(3);
  });

  test("orm.cache() refuses webSave before sending: it is a write", async () => {
    const { orm } = await setup();
    await expect(orm.cache().webSave("sale.order", [], {}, { specification: {} })).rejects.toThrow(
      "orm.webSave: sale.order.web_save is a write, and orm.cache() is for reads",
    );
    expect(server.requests).toEqual([]);
  });

  test("answers with what the server sent", async () => {
    const record = { id: 7, partner_id: { id: 3, display_name: "Azure" }, order_line: [{ id: 9, product_id: false, product_uom_qty: 2 }] };
    const { orm } = await setup(() => ({ length: 1, records: [record] }));
    await expect(orm.webSearchRead("sale.order", [], { specification: { partner_id: { fields: { display_name: {} } }, ...LINES } })).resolves.toEqual({ length: 1, records: [record] });
    expect(server.requests).toHaveLength(1);
  });

  test("types a specification's records by the specification and the Models interface", () => {
    // Only compiled, never run: the checks are the compiler's.
    const check = async (orm: ORM) => {
      const { length, records } = await orm.webSearchRead("sale.order", [], { specification: { name: {}, partner_id: { fields: { display_name: {} } } } });
      expectTypeOf(length).toEqualTypeOf<number>();
      expectTypeOf(records[0]!.partner_id).toEqualTypeOf<{ id: number; display_name: string } | false>();
      expectTypeOf(records[0]!.name).toEqualTypeOf<string>();
      expectTypeOf(records[0]!.id).toEqualTypeOf<number>();

      const [order] = await orm.webRead("sale.order", [1], { specification: { partner_id: {}, order_line: { fields: { product_uom_qty: {}, order_id: {}, product_id: { fields: { display_name: {} } } } } } });
      expectTypeOf(order!.partner_id).toEqualTypeOf<number | false>();
      expectTypeOf(order!.order_line).toEqualTypeOf<{ id: number; product_uom_qty: number; order_id: number | false; product_id: { id: number; display_name: string } | false }[]>();
      const [ids] = await orm.webSave("sale.order", [], { name: "S1" }, { specification: { order_line: {} } });
      expectTypeOf(ids!.order_line).toEqualTypeOf<number[]>();

      // @ts-expect-error: sale.order has no field "amount"
      await orm.webSearchRead("sale.order", [], { specification: { name: {}, amount: {} } });
      // @ts-expect-error: sale.order.line has no field "qty", checked through order_line's comodel
      await orm.webRead("sale.order", [1], { specification: { order_line: { fields: { qty: {} } } } });
      // @ts-expect-error: name is not relational: it has no fields to read
      await orm.webRead("sale.order", [1], { specification: { name: { fields: { id: {} } } } });
      // @ts-expect-error: webSave values are checked against the record type
      await orm.webSave("sale.order", [1], { amount_total: "12" }, { specification: {} });

      // An undeclared model takes any field; what it reads is unknown but its id and display_name.
      const { records: partners } = await orm.webSearchRead("res.partner", [], { specification: { display_name: {}, email: {} } });
      expectTypeOf(partners[0]!).toEqualTypeOf<{ id: number; display_name: string; email: unknown }>();
      // A specification built at run time is taken as it is; its records' fields are unknown (their id too).
      const built: Specification = { name: {} };
      const [record] = await orm.webRead("sale.order", [1], { specification: built });
      expectTypeOf(record!).toEqualTypeOf<{ [field: string]: unknown }>();
      const grouped = await orm.webReadGroup("sale.order", [], ["amount_total:sum"], ["state"]);
      expectTypeOf(grouped).toEqualTypeOf<{ groups: Record<string, unknown>[]; length: number }>();
    };
    expectTypeOf(check).toBeFunction();
  });
});
