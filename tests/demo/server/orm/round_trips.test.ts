// @vitest-environment node
// The database round trips of a call are counted, not timed (the same on any machine): the
// dashboard's orders call reads its session with the user, then its page with every label, in two.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDatabase } from "../../../../demo/server/db/database";
import { countQueries, type CountedDatabase } from "../../../../demo/server/db/query_counter";
import { startDemoServer, type DemoServer } from "../../../../demo/server/server";
import { ORDERS_CALL } from "../../../../bench/lib/orders_load";
import { copySeeded, signedIn, START_TIMEOUT, type OdooClient } from "../demo_server_helpers";

let copy: Awaited<ReturnType<typeof copySeeded>>;
let db: CountedDatabase;
let server: DemoServer;
let admin: OdooClient;
let sales: OdooClient;

beforeAll(async () => {
  copy = await copySeeded("fixed");
  db = countQueries(await openDatabase({ dataDir: copy.dataDir }));
  // No sweep: its statements would be counted with a call's.
  server = await startDemoServer({ port: 0, database: db, sweepEvery: 0 });
  [admin, sales] = await Promise.all([signedIn(server, "admin"), signedIn(server, "sales")]);
}, START_TIMEOUT);

afterAll(async () => {
  await server?.close();
  await db?.close();
  await copy?.remove();
}, START_TIMEOUT);

/** The call's answer and the round trips it made. */
async function counted<T>(call: () => Promise<T>): Promise<{ result: T; queries: number }> {
  const before = db.count;
  const result = await call();
  return { result, queries: db.count - before };
}

const { fields, limit, order } = ORDERS_CALL.params.kwargs;

describe("database round trips", () => {
  test("the dashboard's orders call makes two: the session with its user, then the page with its customer and salesperson names", async () => {
    const { result, queries } = await counted(() => admin.call<Record<string, unknown>[]>("sale.order", "search_read", [[]], { fields, limit, order }));
    expect(queries).toBe(2);
    expect(result).toHaveLength(12);
    for (const row of result) {
      expect(row.partner_id).toEqual([expect.any(Number), expect.stringMatching(/\S/)]);
      expect(row.user_id).toEqual([expect.any(Number), expect.stringMatching(/\S/)]);
    }
  });

  test("a salesperson's orders call makes two as well, the record rule inside the same statement", async () => {
    const { result, queries } = await counted(() => sales.call<{ user_id: [number, string] }[]>("sale.order", "search_read", [[]], { fields, limit, order }));
    expect(queries).toBe(2);
    expect(result.length).toBeGreaterThan(0);
    expect(new Set(result.map((row) => row.user_id[1]))).toEqual(new Set(["Marc Demo"]));
  });

  test("one2many ids and display_name come in the page's statement too, and read gives the same records", async () => {
    const wanted = ["display_name", "order_line", "partner_id"];
    const page = await counted(() => admin.call<{ id: number; order_line: number[] }[]>("sale.order", "search_read", [[["state", "=", "sale"]]], { fields: wanted, limit: 3 }));
    expect(page.queries).toBe(2);
    expect(page.result.every((row) => row.order_line.length > 0)).toBe(true);
    const ids = page.result.map((row) => row.id);
    expect(await admin.call("sale.order", "read", [ids, wanted])).toEqual(page.result);
  });
});

describe("database round trips of Odoo 17's specification reads", () => {
  const specification = {
    name: {},
    date_order: {},
    amount_total: {},
    partner_id: { fields: { display_name: {}, city: {} } },
    user_id: { fields: { display_name: {} } },
    order_line: { fields: { product_id: { fields: { display_name: {} } }, product_uom_qty: {}, price_unit: {}, price_subtotal: {} } },
  };

  test("queries_per_web_search_read: a page of 80 orders with their customer and lines makes 3 (session, page with every level, count)", async () => {
    const { result, queries } = await counted(() => admin.call<{ length: number; records: { order_line: unknown[]; partner_id: unknown }[] }>("sale.order", "web_search_read", [[], specification], { limit: 80, order: "date_order desc" }));
    expect(result.records).toHaveLength(80);
    expect(result.length).toBeGreaterThan(80);
    expect(result.records.filter((record) => record.order_line.length > 0).length).toBeGreaterThan(40);
    expect(result.records.every((record) => typeof record.partner_id === "object")).toBe(true);
    expect(queries).toBe(3);
  });

  test("a salesperson's page makes no more: the record rules of every level are in the page's statement", async () => {
    const { result, queries } = await counted(() => sales.call<{ records: unknown[] }>("sale.order", "web_search_read", [[], specification], { limit: 80 }));
    expect(result.records.length).toBeGreaterThan(0);
    expect(queries).toBeLessThanOrEqual(3);
  });
});
