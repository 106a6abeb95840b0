import { describe, expect, test } from "vitest";
import { RPCParamsError } from "../../../../src/services/rpc/errors";
import { copyJSON, MAX_JSON_DEPTH, serializeParams } from "../../../../src/services/rpc/call/params";
import { setupRPC } from "../rpc_helpers";

const cyclic: Record<string, unknown> = { a: { b: [] as unknown[] } };
((cyclic.a as { b: unknown[] }).b).push(cyclic);

describe("serializeParams", () => {
  test("copies plain values, leaves undefined properties out and sends dates as ISO strings", () => {
    const shared = { id: 1 };
    const out = serializeParams("/x", { a: 1, b: "s", c: null, d: undefined, e: [true, shared, shared], f: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) });
    expect(out).toEqual({ a: 1, b: "s", c: null, e: [true, { id: 1 }, { id: 1 }], f: "2026-01-02T03:04:05.000Z" });
  });

  test("sends an own __proto__ key as data, faithfully, at any depth", async () => {
    const params = JSON.parse('{"__proto__": {"polluted": true}, "vals": {"__proto__": 1, "name": "x"}}') as object;
    const out = serializeParams("/x", params);
    expect(JSON.stringify(out)).toBe('{"__proto__":{"polluted":true},"vals":{"__proto__":1,"name":"x"}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const { rpc, server } = await setupRPC({ "/x": () => ({ result: true }) });
    await rpc("/x", params);
    expect(server.requests[0]!.body).toContain('"params":{"__proto__":{"polluted":true},"vals":{"__proto__":1,"name":"x"}}');
  });

  test("sends what toJSON returns for objects that have one", () => {
    const luxonLike = { toJSON: () => "2026-11-22", constructor: class DateTime {} };
    Object.setPrototypeOf(luxonLike, { constructor: class DateTime {} });
    expect(serializeParams("/x", { when: luxonLike })).toEqual({ when: "2026-11-22" });
  });

  test.each([
    ["rpc /x: params.lines[2].price is NaN, which JSON cannot carry; nothing was sent", { lines: [{}, {}, { price: Number.NaN }] }],
    ["rpc /x: params.total is Infinity, which JSON cannot carry; nothing was sent", { total: Infinity }],
    ["rpc /x: params.n is a BigInt (10n), which JSON cannot carry: send it as a string or a number; nothing was sent", { n: 10n }],
    ["rpc /x: params.cb is a function, which JSON cannot carry; nothing was sent", { cb: () => 1 }],
    ["rpc /x: params.s is a symbol (Symbol(k)), which JSON cannot carry; nothing was sent", { s: Symbol("k") }],
    ["rpc /x: params.ids[1] is undefined inside an array, which JSON would send as null; nothing was sent", { ids: [1, undefined] }],
    // biome-ignore lint/suspicious/noSparseArray: a sparse array is the case under test
    ["rpc /x: params.ids[1] is a hole in a sparse array, which JSON would send as null; nothing was sent", { ids: [1, , 3] }],
    ["rpc /x: params.tags is a Set, which JSON cannot carry: send a plain object or array; nothing was sent", { tags: new Set([1]) }],
    ["rpc /x: params.byId is a Map, which JSON cannot carry: send a plain object or array; nothing was sent", { byId: new Map() }],
    ["rpc /x: params.when is an invalid Date; nothing was sent", { when: new Date("nope") }],
    ['rpc /x: params["odd key"].x is NaN, which JSON cannot carry; nothing was sent', { "odd key": { x: Number.NaN } }],
    ["rpc /x: params.a.b[0] refers back to an object that contains it (a cycle), which JSON cannot carry; nothing was sent", cyclic],
    ["rpc /x: params has a symbol key (Symbol(k)), which JSON cannot carry; nothing was sent", { [Symbol("k")]: 1 }],
    ["rpc /x: params.bad has a getter that throws (nope); nothing was sent", Object.defineProperty({}, "bad", { enumerable: true, get: () => { throw new Error("nope"); } })],
    ["rpc /x: params must be a plain object, got an array; nothing was sent", [1, 2]],
    ["rpc /x: params must be a plain object, got string; nothing was sent", "text"],
  ])("refuses and names the offending path: %s", (message, params) => {
    let error: unknown;
    try {
      serializeParams("/x", params);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RPCParamsError);
    expect((error as Error).message).toBe(message);
  });
});

describe("rpc with params JSON cannot carry", () => {
  test("rejects before anything is sent, with no RPC:* event and no id used", async () => {
    const { rpc, server, events } = await setupRPC({ "/x": () => ({ result: 1 }) });
    const error = await rpc("/x", { lines: [{ price: Number.NaN }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RPCParamsError);
    expect((error as RPCParamsError).path).toBe("params.lines[0].price");
    expect(server.requests).toEqual([]);
    expect(events).toEqual([]);
    await rpc("/x");
    expect(server.requests[0]!.json!.id).toBe(1);
  });

  test("sends params that are JSON already as they are, and copies only the objects that hold a converted value", () => {
    const plain = { model: "res.partner", args: [[1, 2], ["name"]], kwargs: { context: { lang: "en_US" } } };
    expect(serializeParams("/r", plain)).toBe(plain);
    const when = new Date("2026-01-02T03:04:05.000Z");
    const mixed = { keep: { x: [1, 2] }, change: { when, n: 1 }, gone: undefined };
    const sent = serializeParams("/r", mixed) as Record<string, unknown>;
    expect(sent).not.toBe(mixed);
    expect(sent.keep).toBe(mixed.keep);
    expect(sent.change).toEqual({ when: "2026-01-02T03:04:05.000Z", n: 1 });
    expect("gone" in sent).toBe(false);
    expect(mixed.change.when).toBe(when); // the caller's params are untouched
  });

  test("checks again the values it copies: a getter that answers differently the second time is refused, not sent unchecked", () => {
    let reads = 0;
    const params = {
      get flaky() {
        return ++reads === 1 ? 1 : Number.NaN;
      },
      when: new Date(0), // converted: the object is copied, and flaky read again
    };
    expect(() => serializeParams("/r", params)).toThrow("rpc /r: params.flaky is NaN, which JSON cannot carry");
    let items = 0;
    const list = new Proxy([0, new Date(0)], {
      get: (target, key, receiver) => (key === "0" && ++items > 1 ? Number.POSITIVE_INFINITY : Reflect.get(target, key, receiver)),
    });
    expect(() => serializeParams("/r", { list })).toThrow("params.list[0] is Infinity");
  });
});


describe("copyJSON", () => {
  test("gives a copy that shares no object or array with the original, at any depth", () => {
    const original = JSON.parse('[{"id": 1, "partner_id": [7, "Azure"], "tags": [{"id": 2}], "note": null}]') as { partner_id: unknown[]; tags: { id: number }[] }[];
    const copy = copyJSON(original);
    expect(copy).toEqual(original);
    copy[0]!.partner_id.push("changed");
    copy[0]!.tags[0]!.id = 99;
    expect(original[0]!.partner_id).toEqual([7, "Azure"]);
    expect(original[0]!.tags[0]!.id).toBe(2);
  });

  test("keeps an own __proto__ key as data at any depth and sets no prototype", () => {
    const original = JSON.parse('{"__proto__": {"polluted": true}, "vals": [{"__proto__": {"deep": 1}}]}') as object;
    const copy = copyJSON(original);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"polluted":true},"vals":[{"__proto__":{"deep":1}}]}');
    expect((copy as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(copy, "__proto__")!.value).not.toBe(Object.getOwnPropertyDescriptor(original, "__proto__")!.value);
  });

  test("copies a value MAX_JSON_DEPTH levels deep, and refuses a deeper one saying how deep it is, without overflowing the stack", () => {
    const nested = (depth: number, inner: unknown = 1) => JSON.parse(`${'[{"a":'.repeat(depth / 2)}${JSON.stringify(inner)}${"}]".repeat(depth / 2)}`) as unknown;
    expect(copyJSON(nested(MAX_JSON_DEPTH))).toEqual(nested(MAX_JSON_DEPTH));
    expect(() => copyJSON(nested(MAX_JSON_DEPTH + 2))).toThrow(`a result nested ${MAX_JSON_DEPTH + 2} levels deep (limit ${MAX_JSON_DEPTH})`);
    expect(() => copyJSON(nested(100_000, [[]]))).toThrow("a result nested 100002 levels deep");
  });
});
