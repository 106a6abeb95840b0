import { Component, xml } from "@odoo/owl";
import { describe, expect, expectTypeOf, test, vi } from "vitest";
import type { Many2one, ORM, X2many } from "../../../src/services/orm/orm_types";
import { useService } from "../../../src/use_service";
import { makeDeferred, mountWithServices, settle, type JsonRpcServer } from "../../helpers";
import { expectOneCall, expectRefused, setupORM } from "./orm_helpers";

declare module "owl-services" {
  interface Models {
    "sale.order": { id: number; name: string; amount_total: number; state: "draft" | "sale"; partner_id: Many2one<"res.partner">; order_line: X2many<"sale.order.line">; note: string | false };
  }
}

const CONTEXT = { lang: "fr_BE", tz: "Europe/Brussels", uid: 2 };
let server: JsonRpcServer;

const METHODS = ["create", "read", "read_group", "search", "search_read", "search_count", "write", "unlink", "action_confirm"];

async function setup(handler?: (params: Record<string, unknown>) => unknown, context: Record<string, unknown> = CONTEXT) {
  const made = await setupORM(METHODS, context, handler, ["sale.order", "res.partner"]);
  server = made.server;
  return made;
}

/** A component that holds the orm from useService, for the protection tests. */
class Orders extends Component {
  static override template = xml`<div/>`;
  orm!: ORM;
  override setup() {
    this.orm = useService("orm");
  }
}

describe("orm", () => {
  test.each([
    ["create", (orm: ORM) => orm.create("sale.order", [{ name: "S1" }]), "create", [[{ name: "S1" }]], {}],
    ["read", (orm: ORM) => orm.read("sale.order", [1, 2], ["name"]), "read", [[1, 2], ["name"]], {}],
    ["readGroup", (orm: ORM) => orm.readGroup("sale.order", [["state", "=", "sale"]], ["amount_total:sum"], ["state"], { lazy: false }), "read_group", [], { domain: [["state", "=", "sale"]], fields: ["amount_total:sum"], groupby: ["state"], lazy: false }],
    ["search", (orm: ORM) => orm.search("sale.order", [["amount_total", ">", 100]], { limit: 5 }), "search", [[["amount_total", ">", 100]]], { limit: 5 }],
    ["searchRead", (orm: ORM) => orm.searchRead("sale.order", [["state", "=", "draft"]], ["name", "amount_total"], { limit: 80, order: "name" }), "search_read", [], { limit: 80, order: "name", domain: [["state", "=", "draft"]], fields: ["name", "amount_total"] }],
    ["searchCount", (orm: ORM) => orm.searchCount("sale.order", []), "search_count", [[]], {}],
    ["write", (orm: ORM) => orm.write("sale.order", [7], { name: "New" }), "write", [[7], { name: "New" }], {}],
    ["unlink", (orm: ORM) => orm.unlink("sale.order", [7, 8]), "unlink", [[7, 8]], {}],
    ["call", (orm: ORM) => orm.call("sale.order", "action_confirm", [[7]], { force: true }), "action_confirm", [[7]], { force: true }],
  ])("%s sends one call_kw rpc with Odoo 17's envelope and the user context", async (_name, send, method, args, kwargs) => {
    await expectOneCall(await setup(() => 42), send, method, args, kwargs, CONTEXT);
  });

  test("overlays the call's own context on the user context without changing either", async () => {
    const userContext = { lang: "en_US", uid: 2 };
    const { orm, last } = await setup(() => [], userContext);
    const kwargs = { context: { lang: "nl_BE", active_test: false } };
    await orm.search("res.partner", [], kwargs);
    expect(last().json!.params!.kwargs).toEqual({ context: { lang: "nl_BE", uid: 2, active_test: false } });
    expect(userContext).toEqual({ lang: "en_US", uid: 2 });
    expect(kwargs).toEqual({ context: { lang: "nl_BE", active_test: false } });
  });

  test.each([
    ["a model name that is not dotted lower-case", (orm: ORM) => orm.search("Sale Order", []), 'orm.search: model must be a model name such as "sale.order", got "Sale Order"; nothing was sent'],
    ["an empty model name", (orm: ORM) => orm.read("", [1], ["name"]), 'orm.read: model must be a model name such as "sale.order", got ""'],
    ["ids that are not positive integers", (orm: ORM) => orm.read("sale.order", [1, -2], ["name"]), "orm.read: ids must be positive integers, but ids[1] is -2"],
    ["ids that are not an array", (orm: ORM) => orm.unlink("sale.order", 7 as never), "orm.unlink: ids must be an array of positive integers, got 7"],
    ["fractional ids", (orm: ORM) => orm.write("sale.order", [1.5], {}), "orm.write: ids must be positive integers, but ids[0] is 1.5"],
    ["write data that is not an object", (orm: ORM) => orm.write("sale.order", [1], [] as never), "orm.write: data must be an object of field values, got []"],
    ["records that are not objects", (orm: ORM) => orm.create("sale.order", ["x"] as never), 'orm.create: records must be an array of objects, but records[0] is "x"'],
    ["a private method", (orm: ORM) => orm.call("sale.order", "_compute_amount"), 'orm.call: method must be a public method name, got "_compute_amount"'],
    ["fields that are not strings", (orm: ORM) => orm.searchRead("sale.order", [], [3] as never), "orm.searchRead: fields must be an array of strings, but fields[0] is 3"],
    ["a domain that is not an array", (orm: ORM) => orm.searchCount("sale.order", "[]" as never), 'orm.searchCount: domain must be an array, got "[]"'],
    ["a context that is not an object", (orm: ORM) => orm.search("sale.order", [], { context: "fr" } as never), 'orm.search: kwargs.context must be an object, got "fr"'],
  ])("refuses %s before sending, saying which argument is wrong", async (_what, send, message) => {
    await expectRefused(await setup(), send, message);
  });

  test("silent makes the same calls without RPC:* events", async () => {
    const { orm, events, last } = await setup(() => 3);
    await expect(orm.silent.searchCount("sale.order", [])).resolves.toBe(3);
    expect(last().json!.params!.method).toBe("search_count");
    expect(events).toEqual([]);
    expect(orm.silent).toBe(orm.silent);
    expect(orm.silent.silent).toBe(orm.silent);
    await orm.searchCount("sale.order", []);
    expect(events.map((e) => e.name)).toEqual(["RPC:REQUEST", "RPC:RESPONSE"]);
  });

  test("rejects with the server's RPCError as rpc does", async () => {
    const { orm } = await setup();
    server.routes.set("/web/dataset/call_kw/sale.order/write", () => ({
      error: { code: 200, message: "Odoo Server Error", data: { name: "odoo.exceptions.ValidationError", message: "Amount must be positive" } },
    }));
    await expect(orm.write("sale.order", [1], { amount_total: -5 })).rejects.toMatchObject({ category: "validation", userMessage: "Amount must be positive" });
  });

  test("is protected through useService, silent included", async () => {
    const gate = makeDeferred();
    const { env, events } = await setup(async () => (await gate.promise, [{ id: 1, name: "S1" }]));
    const { app, component } = await mountWithServices(Orders, env);
    const inFlight = component.orm.searchRead("sale.order", [], ["name"]);
    const silentInFlight = component.orm.silent.searchRead("sale.order", [], ["name"]);
    app.destroy();
    gate.resolve();
    let settled = false;
    Promise.race([inFlight, silentInFlight]).then(() => (settled = true), () => (settled = true));
    // Every call made ended for the app (its answer came back: one RPC:RESPONSE per RPC:REQUEST), and what it set off has run.
    const named = (name: string) => events.filter((event) => event.name === name);
    await vi.waitFor(() => expect(named("RPC:RESPONSE").length).toBe(named("RPC:REQUEST").length));
    expect(named("RPC:RESPONSE").length).toBeGreaterThan(0);
    await settle();
    expect(settled).toBe(false);
    expect(() => component.orm.read("sale.order", [1], ["name"])).toThrow(/destroyed/);
    expect(() => component.orm.silent.read("sale.order", [1], ["name"])).toThrow(/destroyed/);
    expect(server.requests).toHaveLength(2);
  });

  test("protects the variants a component's orm makes (cache(), exclusive, silent of exclusive) for that component", async () => {
    const gate = makeDeferred();
    const { env } = await setup(async () => (await gate.promise, 7));
    const { app, component } = await mountWithServices(Orders, env);
    const cached = component.orm.cache();
    const exclusive = component.orm.exclusive;
    expect(exclusive).toBe(component.orm.exclusive);
    expect(exclusive.silent).not.toBe(component.orm.silent);
    const inFlight = [cached.searchCount("sale.order", []), exclusive.call("sale.order", "action_confirm", [[1]]), exclusive.silent.search("sale.order", [])];
    await vi.waitFor(() => expect(server.requests).toHaveLength(3));
    app.destroy();
    gate.resolve();
    let settled = 0;
    for (const call of inFlight) call.then(() => settled++, () => settled++);
    await settle();
    expect(settled).toBe(0);
    expect(() => cached.searchCount("sale.order", [])).toThrow(/destroyed/);
    expect(() => exclusive.silent.search("sale.order", [])).toThrow(/destroyed/);
    expect(() => component.orm.cache()).toThrow(/destroyed/);
    // The env's own orm is not the component's: it still answers.
    await expect(env.services.orm.exclusive.searchCount("sale.order", [])).resolves.toBe(7);
  });

  test("types records by the Models interface", () => {
    // Only compiled, never run: the checks are the compiler's.
    const check = async (orm: ORM) => {
      const orders = await orm.searchRead("sale.order", [], ["name", "amount_total"]);
      expectTypeOf(orders).toEqualTypeOf<{ id: number; name: string; amount_total: number }[]>();
      // @ts-expect-error: sale.order has no field "amount"
      await orm.searchRead("sale.order", [], ["amount"]);
      // @ts-expect-error: write data is checked against the record type
      await orm.write("sale.order", [1], { amount_total: "12" });
      const partners = await orm.read("res.partner", [1], ["anything"]);
      expectTypeOf(partners).toEqualTypeOf<Record<string, unknown>[]>();
      expectTypeOf(await orm.searchCount("sale.order", [])).toEqualTypeOf<number>();
      // An undeclared model takes values typed by an interface.
      interface PartnerValues { name: string; email: string }
      const values: PartnerValues = { name: "Azure", email: "a@example.com" };
      expectTypeOf(orm.create("res.partner", [values])).toEqualTypeOf<Promise<number[]>>();
    };
    expectTypeOf(check).toBeFunction();
    expectTypeOf(useService<"orm">).returns.toEqualTypeOf<ORM>();
  });
});
