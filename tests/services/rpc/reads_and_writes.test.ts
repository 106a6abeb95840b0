/**
 * Reads and writes as ../shared/API.md "Reads and writes" declares them: intent declared, never
 * guessed from the route; a read never mixes with what was there before a write; a write drops its
 * models' cached reads whatever its outcome; `orm.exclusive` joins only what is sent equal.
 */
import { afterEach, describe, expect, test, vi } from "vitest";
import type { Config } from "../../../src/env";
import { ORMArgumentError, ormService } from "../../../src/services/orm/orm_service";
import type { ORM } from "../../../src/services/orm/orm_types";
import { ConnectionAbortedError, RPCTimeoutError } from "../../../src/services/rpc/errors";
import type { RPCPromise } from "../../../src/services/rpc/types";
import { makeDeferred, watchTimers } from "../../helpers";
import { setupRPC } from "./rpc_helpers";

const MODELS = ["sale.order", "sale.order.line"];
const METHODS = ["search_read", "web_search_read", "web_read", "web_read_group", "get_forecast", "write", "action_confirm"];

interface Held {
  model: string;
  method: string;
  params: Record<string, unknown>;
  release(): void;
}

/**
 * A call_kw server that holds every call until the test releases it. A read answers with the data
 * version it found when it arrived; a write bumps the version of its model when released (applied).
 */
async function setupHeld(config: Config = {}) {
  const held: Held[] = [];
  const versions: Record<string, number> = { "sale.order": 1, "sale.order.line": 1 };
  const routes: Record<string, (params: Record<string, unknown>) => Promise<{ result: unknown }>> = {};
  for (const model of MODELS) {
    for (const method of METHODS) {
      routes[`/web/dataset/call_kw/${model}/${method}`] = (params) => {
        const seen = versions[model];
        return new Promise((resolve) => {
          held.push({
            model,
            method,
            params,
            release: () => {
              if (method === "write" || method === "action_confirm") {
                versions[model]!++;
                resolve({ result: true });
              } else {
                resolve({ result: [{ id: 1, version: seen }] });
              }
            },
          });
        });
      };
    }
  }
  const ctx = await setupRPC(routes, config, { orm: ormService });
  /** Releases the oldest held call of `method` (waiting for it to arrive). */
  const release = async (method: string, model = "sale.order") => {
    await vi.waitFor(() => expect(held.some((call) => call.method === method && call.model === model)).toBe(true));
    const index = held.findIndex((call) => call.method === method && call.model === model);
    held.splice(index, 1)[0]!.release();
  };
  const requests = (method: string, model = "sale.order") => ctx.server.requestsTo(`/web/dataset/call_kw/${model}/${method}`);
  return { ...ctx, orm: ctx.env.services.orm as ORM, held, release, requests };
}

afterEach(() => vi.restoreAllMocks());

describe("intent is declared", () => {
  test("Odoo 17's web_search_read, web_read and web_read_group are reads: shared while in flight, and sent without an Idempotency-Key", async () => {
    const { orm, release, requests } = await setupHeld();
    for (const method of ["web_search_read", "web_read", "web_read_group"]) {
      const calls = [orm.call("sale.order", method, [], { specification: {} }), orm.call("sale.order", method, [], { specification: {} })];
      await release(method);
      expect(await Promise.all(calls)).toEqual([[{ id: 1, version: 1 }], [{ id: 1, version: 1 }]]);
      expect(requests(method)).toHaveLength(1);
      expect(requests(method)[0]!.headers["idempotency-key"]).toBeUndefined();
    }
  });

  test("orm.call(…, { kind: \"read\" }) is a read (shared, cacheable); { kind: \"write\" } makes a read method a write", async () => {
    const { orm, release, requests } = await setupHeld();
    // Shared: the plain read and the cached one make one request, with no Idempotency-Key.
    const forecasts = [orm.call("sale.order", "get_forecast", [], {}, { kind: "read" }), orm.cache().call("sale.order", "get_forecast", [], {}, { kind: "read" })];
    await release("get_forecast");
    expect(await Promise.all(forecasts)).toEqual([[{ id: 1, version: 1 }], [{ id: 1, version: 1 }]]);
    expect(requests("get_forecast").map((request) => request.headers["idempotency-key"])).toEqual([undefined]);
    // Cached: the next one is answered without a request.
    await expect(orm.cache().call("sale.order", "get_forecast", [], {}, { kind: "read" })).resolves.toEqual([{ id: 1, version: 1 }]);
    expect(requests("get_forecast")).toHaveLength(1);

    const forced = [orm.call("sale.order", "search_read", [], {}, { kind: "write" }), orm.call("sale.order", "search_read", [], {}, { kind: "write" })];
    await vi.waitFor(() => expect(requests("search_read")).toHaveLength(2));
    expect(requests("search_read").every((request) => typeof request.headers["idempotency-key"] === "string")).toBe(true);
    await release("search_read");
    await release("search_read");
    await Promise.all(forced);
  });

  test("refuses a kind or invalidates it cannot use, naming the option, before sending", async () => {
    const { orm, rpc, server } = await setupHeld();
    await expect(orm.call("sale.order", "get_forecast", [], {}, { kind: "maybe" as "read" })).rejects.toThrow('orm.call: options.kind must be "read" or "write", got "maybe"; nothing was sent');
    await expect(orm.call("sale.order", "get_forecast", [], {}, { kinds: "read" } as object)).rejects.toThrow('orm.call: options has an unknown key "kinds"; valid keys are kind, invalidates; nothing was sent');
    await expect(orm.call("sale.order", "write", [[1], {}], {}, { invalidates: [""] })).rejects.toBeInstanceOf(ORMArgumentError);
    await expect(rpc("/web/dataset/call_kw/sale.order/search_read", { model: "sale.order", method: "search_read", args: [], kwargs: {} }, { invalidates: ["sale.order"] })).rejects.toThrow(
      "rpc /web/dataset/call_kw/sale.order/search_read: settings.invalidates is for writes, and this call is a read",
    );
    await expect(rpc("/x", {}, { kind: "delete" as "write" })).rejects.toThrow('rpc /x: settings.kind must be "read" or "write", got "delete"');
    // A value JSON cannot write (a BigInt) is named too, not lost to JSON.stringify's own TypeError.
    await expect(rpc("/x", {}, { kind: 1n as unknown as "write" })).rejects.toThrow('rpc /x: settings.kind must be "read" or "write", got 1');
    await expect(rpc("/x", {}, { idempotencyKey: 7n as unknown as string })).rejects.toThrow("rpc /x: settings.idempotencyKey must be true or 1 to 255 visible ASCII characters, got 7");
    expect(server.requests).toEqual([]);
  });

  test("a route other than call_kw is a write unless it says otherwise: retry is refused without a key, sent keyed with one", async () => {
    const { rpc, server } = await setupRPC({ "/shop/update": () => ({ result: "updated" }) });
    await expect(rpc("/shop/update", { qty: 2 }, { retry: true })).rejects.toThrow(/^rpc \/shop\/update: \/shop\/update is a write: retry could apply it twice; pass idempotencyKey/);
    expect(server.requests).toEqual([]);
    await expect(rpc("/shop/update", { qty: 2 }, { retry: true, idempotencyKey: "cart-7" })).resolves.toBe("updated");
    expect(server.requestsTo("/shop/update").map((request) => request.headers["idempotency-key"])).toEqual(["cart-7"]);
  });

  test("a route other than call_kw is a read when it says kind: \"read\" or asks for share or cache: shared, re-sendable without a key", async () => {
    const stock = makeDeferred<{ result: number }>();
    const { rpc, server } = await setupRPC({ "/shop/stock": () => stock.promise });
    const calls = [rpc("/shop/stock", { id: 1 }, { kind: "read", retry: true, share: true }), rpc("/shop/stock", { id: 1 }, { kind: "read", retry: true, share: true })];
    const cached = rpc("/shop/stock", { id: 2 }, { cache: { type: "ram" } });
    await vi.waitFor(() => expect(server.requestsTo("/shop/stock")).toHaveLength(2));
    stock.resolve({ result: 5 });
    expect(await Promise.all([...calls, cached])).toEqual([5, 5, 5]);
    expect(server.requestsTo("/shop/stock").map((request) => request.headers["idempotency-key"])).toEqual([undefined, undefined]);
  });

  test("orm.cache() refuses a write, whichever method makes it, before sending", async () => {
    const { orm, server } = await setupHeld();
    await expect(orm.cache().call("sale.order", "write", [[1], { name: "x" }])).rejects.toThrow(
      'orm.call: sale.order.write is a write, and orm.cache() is for reads: make it through the orm itself (or declare { kind: "read" } for a method that only reads); nothing was sent',
    );
    await expect(orm.cache().write("sale.order", [1], { name: "x" })).rejects.toBeInstanceOf(ORMArgumentError);
    await expect(orm.cache().call("sale.order", "action_confirm", [[1]])).rejects.toBeInstanceOf(ORMArgumentError);
    expect(server.requests).toEqual([]);
  });
});

describe("a read never mixes with what was there before a write", () => {
  test("a read that starts after a write started does not join a read in flight from before it", async () => {
    const { orm, release, requests } = await setupHeld();
    const before = orm.searchRead("sale.order", [], ["name"]);
    await vi.waitFor(() => expect(requests("search_read")).toHaveLength(1));
    const write = orm.write("sale.order", [1], { name: "new" });
    const after = orm.searchRead("sale.order", [], ["name"]);
    await vi.waitFor(() => expect(requests("search_read")).toHaveLength(2));
    await release("search_read");
    await release("write");
    await release("search_read");
    await Promise.all([before, write, after]);
  });

  test("a cached read that starts after a write finished neither joins the pre-write request nor keeps its answer", async () => {
    const { orm, release, requests } = await setupHeld();
    const cached = orm.cache();
    const before = cached.searchRead("sale.order", [], ["name"]);
    await vi.waitFor(() => expect(requests("search_read")).toHaveLength(1));
    const write = orm.write("sale.order", [1], { name: "new" });
    await release("write");
    await write;
    const after = cached.searchRead("sale.order", [], ["name"]);
    await vi.waitFor(() => expect(requests("search_read")).toHaveLength(2));
    await release("search_read"); // the pre-write answer: version 1
    await release("search_read"); // the post-write answer: version 2
    expect(await before).toEqual([{ id: 1, version: 1 }]);
    expect(await after).toEqual([{ id: 1, version: 2 }]);
    // What the cache keeps is the post-write answer.
    await expect(cached.searchRead("sale.order", [], ["name"])).resolves.toEqual([{ id: 1, version: 2 }]);
    expect(requests("search_read")).toHaveLength(2);
  });
});

describe("a write drops its models' cached reads whatever its outcome", () => {
  async function cachedOnce(ctx: Awaited<ReturnType<typeof setupHeld>>) {
    const read = ctx.orm.cache().searchRead("sale.order", [], ["name"]);
    await ctx.release("search_read");
    return read;
  }

  test("a write that timed out (it may have been applied) drops them", async () => {
    const ctx = await setupHeld();
    await expect(cachedOnce(ctx)).resolves.toEqual([{ id: 1, version: 1 }]);
    const TIMEOUT = 34_567;
    const timers = watchTimers();
    const write = ctx.rpc("/web/dataset/call_kw/sale.order/write", { model: "sale.order", method: "write", args: [[1], { name: "x" }], kwargs: {} }, { timeout: TIMEOUT });
    await vi.waitFor(() => expect(ctx.requests("write")).toHaveLength(1));
    timers.fire(TIMEOUT);
    await expect(write).rejects.toBeInstanceOf(RPCTimeoutError);
    await ctx.release("write"); // the server applied it after all
    const again = ctx.orm.cache().searchRead("sale.order", [], ["name"]);
    await ctx.release("search_read");
    await expect(again).resolves.toEqual([{ id: 1, version: 2 }]);
  });

  test("a write aborted after it was sent, even with abort(false), drops them", async () => {
    const ctx = await setupHeld();
    await cachedOnce(ctx);
    const write = ctx.orm.write("sale.order", [1], { name: "x" }) as RPCPromise<boolean>;
    await vi.waitFor(() => expect(ctx.requests("write")).toHaveLength(1));
    write.abort(false);
    await ctx.release("write");
    const again = ctx.orm.cache().searchRead("sale.order", [], ["name"]);
    await ctx.release("search_read");
    await expect(again).resolves.toEqual([{ id: 1, version: 2 }]);
    expect(ctx.requests("search_read")).toHaveLength(2);
  });

  test("a write names the other models it changes, per call and per model in config", async () => {
    const perCall = await setupHeld();
    await cachedOnce(perCall);
    const line = perCall.orm.call("sale.order.line", "write", [[1], { price_unit: 5 }], {}, { invalidates: ["sale.order"] });
    await perCall.release("write", "sale.order.line");
    await line;
    const reread = perCall.orm.cache().searchRead("sale.order", [], ["name"]);
    await perCall.release("search_read");
    await reread;
    expect(perCall.requests("search_read")).toHaveLength(2);

    const configured = await setupHeld({ orm: { invalidates: { "sale.order.line": ["sale.order"] } } });
    await cachedOnce(configured);
    const write = configured.orm.write("sale.order.line", [1], { price_unit: 5 });
    await vi.waitFor(() => expect(configured.requests("write", "sale.order.line")).toHaveLength(1));
    expect(JSON.parse(configured.requests("write", "sale.order.line")[0]!.body).params.kwargs).not.toHaveProperty("invalidates");
    await configured.release("write", "sale.order.line");
    await write;
    const fresh = configured.orm.cache().searchRead("sale.order", [], ["name"]);
    await configured.release("search_read");
    await fresh;
    expect(configured.requests("search_read")).toHaveLength(2);
  });
});

describe("orm.exclusive", () => {
  test("sends both writes whose arguments differ only in a Date: equal means equal as sent", async () => {
    const { orm, release, requests } = await setupHeld();
    const january = orm.exclusive.write("sale.order", [1], { date_order: new Date("2026-01-01T00:00:00Z") } as object);
    const february = orm.exclusive.write("sale.order", [1], { date_order: new Date("2026-02-01T00:00:00Z") } as object);
    const januaryAgain = orm.exclusive.write("sale.order", [1], { date_order: new Date("2026-01-01T00:00:00Z") } as object);
    await vi.waitFor(() => expect(requests("write")).toHaveLength(2));
    await release("write");
    await release("write");
    await expect(Promise.all([january, february, januaryAgain])).resolves.toEqual([true, true, true]);
    expect(requests("write").map((request) => JSON.parse(request.body).params.args[1].date_order)).toEqual(["2026-01-01T00:00:00.000Z", "2026-02-01T00:00:00.000Z"]);
  });

  test("one caller's abort() leaves the others their answer", async () => {
    const { orm, release, requests } = await setupHeld();
    const staying = orm.exclusive.call("sale.order", "action_confirm", [[7]]);
    const leaving = orm.exclusive.call("sale.order", "action_confirm", [[7]]) as RPCPromise<boolean>;
    leaving.abort();
    await expect(leaving).rejects.toBeInstanceOf(ConnectionAbortedError);
    await release("action_confirm");
    await expect(staying).resolves.toBe(true);
    expect(requests("action_confirm")).toHaveLength(1);
  });

  test("after the only caller's abort(false), an equal call is sent and answered", async () => {
    const { orm, release, requests } = await setupHeld();
    const first = orm.exclusive.call("sale.order", "action_confirm", [[7]]) as RPCPromise<boolean>;
    await vi.waitFor(() => expect(requests("action_confirm")).toHaveLength(1));
    first.abort(false);
    const again = orm.exclusive.call("sale.order", "action_confirm", [[7]]);
    await vi.waitFor(() => expect(requests("action_confirm")).toHaveLength(2));
    await release("action_confirm");
    await release("action_confirm");
    await expect(again).resolves.toBe(true);
  });
});

describe("the call layer", () => {
  test("an RPC:RESPONSE listener that throws cannot leave a call pending, nor stop RPC_ERROR", async () => {
    const { env, rpc, server, named } = await setupHeld();
    server.routes.set("/ok", () => ({ result: 1 }));
    server.routes.set("/refused", () => ({ error: { code: 200, message: "Odoo Server Error", data: { name: "odoo.exceptions.UserError", message: "no" } } }));
    const reported = vi.spyOn(console, "error").mockImplementation(() => undefined);
    env.bus.addEventListener("RPC:RESPONSE", () => {
      throw new Error("a listener's own bug");
    });
    await expect(rpc("/ok")).resolves.toBe(1);
    await expect(rpc("/refused")).rejects.toMatchObject({ exceptionName: "odoo.exceptions.UserError" });
    expect(named("RPC_ERROR")).toHaveLength(1);
    expect(reported.mock.calls.flat().some((logged) => logged instanceof Error && logged.message === "a listener's own bug")).toBe(true);
  });

  test("refuses a header value no browser sends, naming the header, before sending", async () => {
    const { rpc, server, named } = await setupHeld();
    const refused = makeDeferred<unknown>();
    rpc("/x", {}, { headers: { "X-Note": "line one\nline two" } }).catch(refused.resolve);
    const error = await refused.promise;
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('rpc /x: settings.headers["X-Note"] holds a character no browser sends in a header (a line break, NUL or one past U+00FF): "line one\\nline two"');
    await expect(rpc("/x", {}, { headers: { "X-Name": "Łukasz" } })).rejects.toThrow('settings.headers["X-Name"] holds a character no browser sends');
    expect(server.requests).toEqual([]);
    expect(named("RPC:REQUEST")).toEqual([]);
  });
});
