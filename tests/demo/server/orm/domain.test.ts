// @vitest-environment node
import { beforeAll, describe, expect, test } from "vitest";
import { DomainCompiler } from "../../../../demo/server/orm/domain";
import { Params } from "../../../../demo/server/orm/sql";
import { createModelRegistry } from "../../../../demo/server/models/index";
import { useDemoServer, type OdooClient } from "../demo_server_helpers";

interface Partner {
  id: number;
  name: string;
  city: string | false;
  zip: string | false;
  country_code: string | false;
  is_company: boolean;
}

const ctx = useDemoServer();
let admin: OdooClient;
let partners: Partner[];
beforeAll(async () => {
  admin = ctx.admin;
  partners = await admin.call<Partner[]>("res.partner", "search_read", [[], ["name", "city", "zip", "country_code", "is_company"]]);
});

const ids = (rows: { id: number }[]) => rows.map((row) => row.id).sort((a, b) => a - b);
const search = async (domain: unknown[]) => (await admin.call<number[]>("res.partner", "search", [domain])).sort((a, b) => a - b);

describe("the domain compiler, against the database", () => {
  test.each([
    ["=", ["country_code", "=", "BE"], (p: Partner) => p.country_code === "BE"],
    ["!= (nulls included, as Odoo)", ["country_code", "!=", "US"], (p: Partner) => p.country_code !== "US"],
    ["= false", ["zip", "=", false], (p: Partner) => p.zip === false],
    ["!= false", ["zip", "!=", false], (p: Partner) => p.zip !== false],
    ["in", ["country_code", "in", ["FR", "DE"]], (p: Partner) => p.country_code === "FR" || p.country_code === "DE"],
    ["in with false", ["zip", "in", [false, "1000"]], (p: Partner) => p.zip === false || p.zip === "1000"],
    ["not in", ["country_code", "not in", ["US"]], (p: Partner) => p.country_code !== "US"],
    ["empty in", ["id", "in", []], () => false],
    ["like", ["name", "like", "Desk"], (p: Partner) => p.name.includes("Desk")],
    ["ilike", ["name", "ilike", "desk"], (p: Partner) => p.name.toLowerCase().includes("desk")],
    ["not ilike", ["city", "not ilike", "o"], (p: Partner) => p.city === false || !p.city.toLowerCase().includes("o")],
    ["=like (pattern)", ["name", "=like", "A%"], (p: Partner) => p.name.startsWith("A")],
    ["=ilike (pattern)", ["name", "=ilike", "%interior%"], (p: Partner) => p.name.toLowerCase().includes("interior")],
    ["< on ids", ["id", "<", 10], (p: Partner) => p.id < 10],
    [">= on ids", ["id", ">=", 50], (p: Partner) => p.id >= 50],
    ["boolean = false", ["is_company", "=", false], (p: Partner) => !p.is_company],
  ] as const)("compiles %s", async (_name, leaf, keep) => {
    const expected = ids(partners.filter(keep));
    expect(await search([leaf])).toEqual(expected);
  });

  test("combines terms with &, | and !, and an implicit & between terms", async () => {
    const be = (p: Partner) => p.country_code === "BE";
    const nl = (p: Partner) => p.country_code === "NL";
    const company = (p: Partner) => p.is_company;
    expect(await search(["|", ["country_code", "=", "BE"], ["country_code", "=", "NL"]])).toEqual(ids(partners.filter((p) => be(p) || nl(p))));
    expect(await search(["!", ["is_company", "=", true]])).toEqual(ids(partners.filter((p) => !company(p))));
    expect(await search(["&", ["is_company", "=", true], "|", ["country_code", "=", "BE"], ["country_code", "=", "NL"]])).toEqual(
      ids(partners.filter((p) => company(p) && (be(p) || nl(p)))),
    );
    expect(await search([["is_company", "=", true], ["country_code", "=", "BE"]])).toEqual(ids(partners.filter((p) => company(p) && be(p))));
    expect(await search([[1, "=", 1]])).toEqual(ids(partners));
    expect(await search([[0, "=", 1]])).toEqual([]);
  });

  test("follows dotted paths on many2one and one2many fields", async () => {
    const belgian = ids(partners.filter((p) => p.country_code === "BE"));
    const orders = await admin.call<{ partner_id: [number, string] }[]>("sale.order", "search_read", [[["partner_id.country_code", "=", "BE"]], ["partner_id"]]);
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((order) => belgian.includes(order.partner_id[0]))).toBe(true);
    const withLargeDesk = await admin.call<number[]>("sale.order", "search", [[["order_line.product_id.name", "=", "Large Desk"]]]);
    const lines = await admin.call<{ order_id: [number, string] }[]>("sale.order.line", "search_read", [[["product_id.name", "=", "Large Desk"]], ["order_id"]]);
    expect(withLargeDesk.sort((a, b) => a - b)).toEqual([...new Set(lines.map((line) => line.order_id[0]))].sort((a, b) => a - b));
  });

  test("refuses a path that follows too many relations, at once, saying how many it may", async () => {
    // 60 steps (about 1.2 KB) used to hold the database for half a minute.
    const deep = `${"order_line.order_id.".repeat(30)}name`;
    const error = await admin.fail("sale.order", "search", [[[deep, "=", "x"]]]);
    expect(error.data.name).toBe("builtins.ValueError");
    expect(error.data.message).toMatch(/^'order_line\.order_id\.order_line.*…' follows 60 relations; a domain path may follow at most 5 \(in leaf /);
    expect(await admin.call("sale.order", "search_count", [[["order_line.order_id.order_line.order_id.partner_id.country_code", "!=", "x"]]])).toBeGreaterThanOrEqual(0);
  });

  test("compares a many2one with a string through the related display name", async () => {
    const azure = partners.find((p) => p.name === "Azure Interior")!;
    const orders = await admin.call<{ partner_id: [number, string] }[]>("sale.order", "search_read", [[["partner_id", "ilike", "azure"]], ["partner_id"]]);
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((order) => order.partner_id[0] === azure.id)).toBe(true);
  });

  test("refuses malformed domains with a message that names the term", async () => {
    const cases: [unknown[], RegExp][] = [
      [["&", ["name", "=", "x"]], /operator '&' at position 0 needs two operands/],
      [["!"], /operator '!' at position 0 has no operand/],
      [[["name", "="]], /\["name","="\] is not a valid term/],
      [[["name", "~", "x"]], /"~" in \["name","~","x"\] is not a valid operator/],
      [[["nope", "=", 1]], /^Invalid field 'nope' on model 'res.partner' in leaf \["nope","=",1\]$/],
      [[["name.city", "=", 1]], /Field 'name' of 'res.partner' is not relational/],
      [[["name", "in", "abc"]], /The value of 'in' must be a list, got "abc"/],
      [[["name", "=", { $ne: 1 }]], /must be a number, a string or a boolean, got \{"\$ne":1\}/],
      ["name = 'x'" as unknown as unknown[], /search\(\): domain must be a domain/],
    ];
    for (const [domain, message] of cases) {
      const error = await admin.fail("res.partner", "search", [domain]);
      expect(error.data.name).toBe("builtins.ValueError");
      expect(error.data.message).toMatch(message);
    }
  });
});

describe("injection attempts", () => {
  test("a value is only ever a parameter: SQL in it matches nothing and runs nothing", async () => {
    for (const value of ["' OR 1=1 --", "x'; DROP TABLE res_partner; --", "%' OR '1'='1", "\\'; SELECT pg_sleep(5); --"]) {
      expect(await search([["name", "=", value]])).toEqual([]);
    }
    expect(await search([["name", "ilike", "' OR 1=1 --"]])).toEqual([]);
    expect(await admin.call("res.partner", "search_count", [[]])).toBe(partners.length);
  });

  test("a field name is looked up, never copied: SQL in a field, a path, an order or a groupby is refused", async () => {
    const attempts: [string, unknown[], Record<string, unknown>][] = [
      ["search", [[["name = name OR 1=1 --", "=", "x"]]], {}],
      ["search", [[['name" OR "1"="1', "=", "x"]]], {}],
      ["search", [[["partner_id.name; DROP TABLE res_partner", "=", "x"]]], {}],
      ["search", [[]], { order: "name, (SELECT 1)" }],
      ["read_group", [[], ["amount_total:sum"], ["state; DROP TABLE sale_order"]], {}],
      ["read_group", [[], ["x:sum(amount_total) FROM sale_order; --"], ["state"]], {}],
      ["search_read", [[], ["name", "password"]], {}],
    ];
    for (const [method, args, kwargs] of attempts) {
      const error = await admin.fail(method === "search" && !("order" in kwargs) ? "res.partner" : "sale.order", method, args, kwargs);
      expect(error.data.name).toBe("builtins.ValueError");
    }
    expect(await admin.call("sale.order", "search_count", [[]])).toBeGreaterThan(0);
  });

  test("the password hash is not a field of res.users", async () => {
    const fields = await admin.call<Record<string, unknown>>("res.users", "fields_get", []);
    expect(Object.keys(fields)).not.toContain("password");
    expect((await admin.fail("res.users", "search", [[["password", "like", "$2"]]])).data.message).toMatch(/^Invalid field 'password' on model 'res.users'/);
  });

  test("compiles to SQL whose values are all placeholders", () => {
    const params = new Params();
    const sql = new DomainCompiler(createModelRegistry(), params).compile(
      createModelRegistry().get("sale.order"),
      ["|", ["name", "=", "'; DROP TABLE x; --"], ["partner_id.name", "ilike", "o'brien"]],
      "t",
    );
    expect(sql).toBe(
      '(t."name" = $2 OR t."partner_id" IN (SELECT t_partner_id.id FROM "res_partner" t_partner_id WHERE t_partner_id."name"::text ILIKE $1))',
    );
    // Numbered as the prefix notation is read, from the end.
    expect(params.values).toEqual(["%o'brien%", "'; DROP TABLE x; --"]);
  });
});
