// @vitest-environment node
/**
 * Record rules on nested records of a specification read, and the bound on nested lists. The demo's own rules never let a readable
 * record point at an unreadable one, so these tests add rules of their own (a salesperson may not
 * read one product, nor the lines selling it) in a registry of their own, on a copy of the seeded data.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDatabase } from "../../../../demo/server/db/database";
import type { Database } from "../../../../demo/server/db/database_types";
import { AccessError, UserError } from "../../../../demo/server/errors";
import { DEFAULT_CALL_LIMITS, resolveLimits } from "../../../../demo/server/limits";
import type { Env, ModelDef, User } from "../../../../demo/server/models/base/model";
import { webRead, webSearchRead } from "../../../../demo/server/models/base/web_read";
import { createModelRegistry } from "../../../../demo/server/models/index";
import { productProduct } from "../../../../demo/server/models/product_product";
import { resPartner } from "../../../../demo/server/models/res_partner";
import { resUsers } from "../../../../demo/server/models/res_users";
import { saleOrder } from "../../../../demo/server/models/sale_order";
import { saleOrderLine } from "../../../../demo/server/models/sale_order_line";
import { parseSpecification } from "../../../../demo/server/orm/specification";
import { copySeeded, START_TIMEOUT } from "../demo_server_helpers";

let copy: Awaited<ReturnType<typeof copySeeded>>;
let db: Database;
let env: Env;
/** The hidden product, an order of the salesperson's selling it and something else, and the line selling it. */
let hidden: { productId: number; orderId: number; lineId: number; otherLines: number[] };

beforeAll(async () => {
  copy = await copySeeded("fixed");
  db = await openDatabase({ dataDir: copy.dataDir });
  const { rows: users } = await db.query<{ id: number; login: string; name: string; partner_id: number }>("SELECT id, login, name, partner_id FROM res_users WHERE login = 'sales'");
  const user: User = { id: users[0]!.id, login: "sales", name: users[0]!.name, role: "salesperson", partnerId: users[0]!.partner_id, lang: "en_US", tz: "UTC" };
  // An order of the salesperson's with at least two products: the first one's product is hidden.
  const { rows } = await db.query<{ order_id: number; product_id: number; id: number }>(
    `SELECT l.order_id, l.product_id, l.id FROM sale_order_line l JOIN sale_order o ON o.id = l.order_id
      WHERE o.user_id = $1 AND (SELECT count(DISTINCT product_id) FROM sale_order_line m WHERE m.order_id = o.id) >= 2 ORDER BY l.order_id, l.id LIMIT 1`,
    [user.id],
  );
  const first = rows[0]!;
  const { rows: lines } = await db.query<{ id: number }>("SELECT id FROM sale_order_line WHERE order_id = $1 AND product_id <> $2 ORDER BY id", [first.order_id, first.product_id]);
  hidden = { productId: first.product_id, orderId: first.order_id, lineId: first.id, otherLines: lines.map((line) => line.id) };
  const notHidden = ["id", "!=", hidden.productId];
  const product: ModelDef = { ...productProduct, rules: { salesperson: { name: "Products on sale", domain: () => [notHidden] } } };
  const line: ModelDef = {
    ...saleOrderLine,
    rules: { salesperson: { name: "Lines of products on sale", domain: (u) => ["&", ["product_id", "!=", hidden.productId], ...saleOrderLine.rules!.salesperson!.domain(u)] } },
  };
  const models = createModelRegistry([resPartner, resUsers, product, saleOrder, line]);
  // Reads only: nothing changes, so nothing is published.
  env = { cr: db, user, context: {}, models, carrierUrl: "", sleep: async () => undefined, limits: resolveLimits(DEFAULT_CALL_LIMITS, {}), changed: () => undefined };
}, START_TIMEOUT);

afterAll(async () => {
  await db?.close();
  await copy?.remove();
}, START_TIMEOUT);

const spec = (model: string, value: unknown) => parseSpecification(env.models, env.models.get(model), value, env.limits);
type Row = Record<string, unknown>;

describe("record rules on nested records (web_read, web_search_read)", () => {
  test("a one2many lists only the lines the user may read, as ids and as records", async () => {
    const [order] = await webRead(env, spec("sale.order", { order_line: {} }), [hidden.orderId]);
    expect(order!.order_line).toEqual(hidden.otherLines);
    const [full] = await webRead(env, spec("sale.order", { order_line: { fields: { product_id: {} } } }), [hidden.orderId]);
    expect((full!.order_line as Row[]).map((line) => line.id)).toEqual(hidden.otherLines);
    expect((full!.order_line as Row[]).some((line) => line.product_id === hidden.productId)).toBe(false);
  });

  test("a many2one whose fields the user may not read is false; asked for its display_name only, it is given as Odoo gives it", async () => {
    const lineSpec = { product_id: { fields: { display_name: {}, list_price: {} } } };
    // With the demo's own rule on lines (the line is readable), the product's rule alone speaks.
    const lines = { ...env, models: createModelRegistry([resPartner, resUsers, env.models.get("product.product"), saleOrder, saleOrderLine]) };
    const [line] = await webRead(lines, parseSpecification(lines.models, lines.models.get("sale.order.line"), lineSpec, env.limits), [hidden.lineId]);
    expect(line).toEqual({ id: hidden.lineId, product_id: false });
    const [named] = await webRead(lines, parseSpecification(lines.models, lines.models.get("sale.order.line"), { product_id: { fields: { display_name: {} } } }, env.limits), [hidden.lineId]);
    expect(named!.product_id).toEqual({ id: hidden.productId, display_name: expect.stringMatching(/\S/) });
    const page = await webSearchRead(lines, parseSpecification(lines.models, lines.models.get("sale.order.line"), lineSpec, env.limits), [["order_id", "=", hidden.orderId]], { countLimit: null });
    expect(page.records.find((record) => record.id === hidden.lineId)!.product_id).toBe(false);
    expect(page.records.filter((record) => record.id !== hidden.lineId).every((record) => typeof record.product_id === "object" && record.product_id !== null)).toBe(true);
  });

  test("a top-level record the user may not read is an AccessError naming it, as read gives", async () => {
    const error = await webRead(env, spec("sale.order.line", { name: {} }), [hidden.lineId]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccessError);
    expect((error as Error).message).toContain(`sale.order.line(${hidden.lineId})`);
    const page = await webSearchRead(env, spec("sale.order.line", { name: {} }), [["order_id", "=", hidden.orderId]], { countLimit: null });
    expect(page.records.map((record) => record.id)).toEqual(hidden.otherLines);
  });
});

describe("the bound on nested lists (maxNestedRecords)", () => {
  test("refuses a one2many longer than the bound when the specification sets no limit, naming the path and the record", async () => {
    const bounded = { ...env, limits: resolveLimits(DEFAULT_CALL_LIMITS, { maxNestedRecords: 2 }) };
    const node = parseSpecification(bounded.models, bounded.models.get("sale.order"), { order_line: { fields: { name: {} } } }, bounded.limits);
    expect(hidden.otherLines.length + 1).toBeGreaterThan(2);
    const error = await webRead({ ...bounded, user: { ...env.user, role: "manager" } }, node, [hidden.orderId]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(
      `specification.order_line: sale.order(${hidden.orderId}) has ${hidden.otherLines.length + 1} order_line records; at most 2 are read in full: ask with a "limit"`,
    );
  });

  test("with a limit within the bound, answers every id and the first records in full", async () => {
    const bounded = { ...env, user: { ...env.user, role: "manager" as const }, limits: resolveLimits(DEFAULT_CALL_LIMITS, { maxNestedRecords: 2 }) };
    const node = parseSpecification(bounded.models, bounded.models.get("sale.order"), { order_line: { fields: { name: {} }, limit: 1 } }, bounded.limits);
    const [order] = await webRead(bounded, node, [hidden.orderId]);
    const lines = order!.order_line as Row[];
    expect(lines.map((line) => line.id)).toEqual([hidden.lineId, ...hidden.otherLines]);
    expect(lines.filter((line) => "name" in line).map((line) => line.id)).toEqual([hidden.lineId]);
    expect(() => parseSpecification(bounded.models, bounded.models.get("sale.order"), { order_line: { limit: 3 } }, bounded.limits)).toThrow(
      "specification.order_line.limit is 3; at most 2 records of a nested list are read in full",
    );
  });
});
