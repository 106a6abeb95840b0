// @vitest-environment node
/**
 * What one call may cost: the attacks of issue #25 (a domain of hundreds of joined leaves, a huge
 * ilike pattern, an order of thousands of lines, a read of one id repeated thousands of times) are
 * refused before the database is held, with an Odoo UserError naming the bound, while another
 * user's call is answered.
 */
import { describe, expect, test } from "vitest";
import {
  DEFAULT_MAX_ANSWER_BYTES,
  DEFAULT_MAX_DOMAIN_JOINS,
  DEFAULT_MAX_DOMAIN_LEAVES,
  DEFAULT_MAX_PATTERN_LENGTH,
  DEFAULT_MAX_WRITE_RECORDS,
} from "../../../../demo/server/limits";
import { OdooCallError, signedIn, useDemoServer, type OdooErrorBody } from "../demo_server_helpers";

// A 500-line order takes many statements: on a loaded 2-core machine more than PGlite's default 10-s
// transaction bound, which this file does not test (tests/demo/server/db/transaction_timeout.test.ts does).
const ctx = useDemoServer({ transactionTimeout: 120_000 });

/** `count` leaves joined by "|", each `[path, "ilike", "a<i>"]`. */
const orDomain = (count: number, path: string) => [...Array<string>(count - 1).fill("|"), ...Array.from({ length: count }, (_, i) => [path, "ilike", `a${i}`])];

/** The attack's refusal and a second user's answer, in the order they came. */
async function refusedWhileOthersAnswered(attack: () => Promise<unknown>): Promise<{ error: OdooErrorBody; events: string[] }> {
  const sales = await signedIn(ctx.server, "sales");
  const events: string[] = [];
  const [error] = await Promise.all([
    attack().then(
      () => {
        throw new Error("the attack was answered");
      },
      (e: unknown) => {
        if (!(e instanceof OdooCallError)) throw e;
        events.push("attack refused");
        return e.error;
      },
    ),
    sales.call<number>("sale.order", "search_count", [[]]).then((count) => events.push(`other user answered ${count > 0}`)),
  ]);
  return { error, events };
}

describe("the bounds of one call", () => {
  test("refuses a domain of more leaves than maxDomainLeaves, naming the count and the bound", async () => {
    const { error, events } = await refusedWhileOthersAnswered(() => ctx.admin.call("sale.order", "search_count", [orDomain(1000, "name")]));
    expect(error.data.name).toBe("odoo.exceptions.UserError");
    expect(error.data.message).toBe(`search_count(): the domain has 1,000 leaves; at most ${DEFAULT_MAX_DOMAIN_LEAVES} are allowed`);
    expect(events.sort()).toEqual(["attack refused", "other user answered true"]);
  });

  test("refuses a domain whose paths follow more relations than maxDomainJoins (100 leaves through 3 relations each)", async () => {
    const { error, events } = await refusedWhileOthersAnswered(() => ctx.admin.call("sale.order", "search_count", [orDomain(100, "order_line.order_id.partner_id.name")]));
    expect(error.data.message).toBe(`search_count(): the domain's paths follow 300 relations; at most ${DEFAULT_MAX_DOMAIN_JOINS} are allowed`);
    expect(events.sort()).toEqual(["attack refused", "other user answered true"]);
  });

  test("refuses a like pattern longer than maxPatternLength, in any searching method", async () => {
    const pattern = "a".repeat(300_000);
    const { error } = await refusedWhileOthersAnswered(() => ctx.admin.call("sale.order", "search_read", [[["partner_id.name", "ilike", pattern]]], { fields: ["name"] }));
    expect(error.data.message).toBe(`search_read(): the pattern of leaf 1 (partner_id.name ilike) has 300,000 characters; at most ${DEFAULT_MAX_PATTERN_LENGTH.toLocaleString("en-US")} are allowed`);
    const named = await ctx.admin.fail("res.partner", "name_search", [pattern]);
    expect(named.data.message).toContain("name_search(): the pattern of leaf 1 (name ilike) has 300,000 characters");
  });

  test("answers domains and patterns within the bounds", async () => {
    const count = await ctx.admin.call<number>("sale.order", "search_count", [orDomain(10, "order_line.product_id.name")]);
    expect(count).toBeGreaterThanOrEqual(0);
    const partners = await ctx.admin.call<unknown[]>("res.partner", "name_search", ["a".repeat(DEFAULT_MAX_PATTERN_LENGTH)]);
    expect(partners).toEqual([]);
  });

  test("refuses a create of more records than maxWriteRecords (an order of 4,000 lines) and creates nothing", async () => {
    const lines = Array.from({ length: 4000 }, (_, i) => [0, 0, { product_id: 1 + (i % 20), product_uom_qty: 1 }]);
    const before = await ctx.admin.call<number>("sale.order.line", "search_count", [[]]);
    const { error, events } = await refusedWhileOthersAnswered(() => ctx.admin.call("sale.order", "create", [{ partner_id: 4, order_line: lines }]));
    expect(error.data).toMatchObject({
      name: "odoo.exceptions.UserError",
      message: `create(): the call would create, change or delete 4,001 records (dictionaries and one2many commands); at most ${DEFAULT_MAX_WRITE_RECORDS.toLocaleString("en-US")} are allowed in one call`,
    });
    expect(events.sort()).toEqual(["attack refused", "other user answered true"]);
    expect(await ctx.admin.call<number>("sale.order.line", "search_count", [[]])).toBe(before);
  });

  test("counts a write's one2many commands once per record written", async () => {
    const ids = Array.from({ length: 600 }, (_, i) => i + 1);
    const error = await ctx.admin.fail("sale.order", "write", [ids, { order_line: [[0, 0, { product_id: 1 }], [0, 0, { product_id: 2 }]] }]);
    expect(error.data.message).toContain("write(): the call would create, change or delete 1,200 records");
  });

  test("creates an order of 500 lines", async () => {
    const lines = Array.from({ length: 500 }, (_, i) => [0, 0, { product_id: 1 + (i % 20), product_uom_qty: 1 }]);
    const id = await ctx.admin.call<number>("sale.order", "create", [{ partner_id: 4, order_line: lines }]);
    const [order] = await ctx.admin.call<{ order_line: number[]; amount_untaxed: number }[]>("sale.order", "read", [[id], ["order_line", "amount_untaxed"]]);
    expect(order!.order_line).toHaveLength(500);
    expect(order!.amount_untaxed).toBeGreaterThan(0);
  }, 120_000);

  test("refuses a read whose answer would pass maxAnswerBytes (one id repeated 100,000 times), and answers others meanwhile", async () => {
    const ids = Array<number>(100_000).fill(1);
    const { error, events } = await refusedWhileOthersAnswered(() => ctx.admin.call("sale.order", "read", [ids]));
    expect(error.data.name).toBe("odoo.exceptions.UserError");
    expect(error.data.message).toMatch(
      new RegExp(`^/web/dataset/call_kw/sale\\.order/read: the answer would be more than ${DEFAULT_MAX_ANSWER_BYTES.toLocaleString("en-US")} bytes of JSON; at most ${DEFAULT_MAX_ANSWER_BYTES.toLocaleString("en-US")} are allowed \\(ask for fewer records or fields\\)$`),
    );
    expect(events.sort()).toEqual(["attack refused", "other user answered true"]);
    // A repeated id within the bound is still answered once per occurrence, as Odoo does.
    expect(await ctx.admin.call<unknown[]>("sale.order", "read", [[1, 1, 1], ["name"]])).toEqual([{ id: 1, name: "S00001" }, { id: 1, name: "S00001" }, { id: 1, name: "S00001" }]);
  });
});

describe("an answer too large for maxAnswerBytes", () => {
  const small = useDemoServer({ maxAnswerBytes: 2_000 });

  test("refuses a write whose answer would pass maxAnswerBytes, and applies nothing (the check is inside its transaction)", async () => {
    const note = `too large to answer ${"x".repeat(3_000)}`;
    const refused = await small.admin.call("sale.order", "web_save", [[], { partner_id: 4, note }], { specification: { note: {} } }).then(
      () => undefined,
      (error: unknown) => (error instanceof OdooCallError ? error.error : Promise.reject(error)),
    );
    expect(refused?.data.message).toMatch(/^\/web\/dataset\/call_kw\/sale\.order\/web_save: the answer would be more than 2,000 bytes of JSON/);
    expect(await small.admin.call<number>("sale.order", "search_count", [[["note", "=", note]]])).toBe(0);
  });
});
