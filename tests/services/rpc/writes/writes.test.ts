/** The write layer on its own, over a fake call layer: its refusals, its invalidations, exclusive joining. */
import { describe, expect, test } from "vitest";
import { resolveCacheOptions } from "../../../../src/services/rpc/reads/cache_options";
import { fakeLayers, kw, request } from "../layer_helpers";

const ram = resolveCacheOptions("/test", { type: "ram" });

describe("the write layer", () => {
  test("refuses sharing, caching and retry without an idempotency key, naming the method", () => {
    const { writes } = fakeLayers();
    const { route, params } = kw("sale.order", "write", [[1], { name: "x" }]);
    expect(() => writes.check(route, params, { share: true })).toThrow(/sale\.order\.write is a write: sharing and caching are for reads only/);
    expect(() => writes.check(route, params, { cache: {} })).toThrow(/sharing and caching are for reads only/);
    expect(() => writes.check(route, params, { retry: true })).toThrow(/retry could apply it twice; pass idempotencyKey as well/);
    expect(() => writes.check(route, params, { retry: true, idempotencyKey: true })).not.toThrow();
  });

  test("names the route, not undefined.undefined, when it refuses a write on a route other than call_kw", () => {
    const { writes } = fakeLayers();
    let message = "";
    try {
      writes.check("/shop/update", { qty: 1 }, { retry: true });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^rpc \/shop\/update: \/shop\/update is a write: retry could apply it twice/);
    expect(message).not.toContain("undefined");
  });

  test("drops its model's cached reads, and those it names, when it starts and again when it ends", async () => {
    const { sent, reads, writes } = fakeLayers();
    const order = kw("sale.order", "read", [[1], ["amount_total"]]);
    const line = kw("sale.order.line", "read", [[5], ["price_unit"]]);
    const fill = async (call: { route: string; params: typeof order.params }, value: unknown) => {
      const index = sent.length;
      const read = reads.send(call.route, call.params, {}, ram);
      (await request(sent, index)).answer(value);
      await read;
    };
    await fill(order, [{ amount_total: 10 }]);
    await fill(line, [{ price_unit: 10 }]);
    const write = kw("sale.order.line", "write", [[5], { price_unit: 12 }]);
    const pending = writes.send(write.route, write.params, { invalidates: ["sale.order"] });
    const before = sent.length;
    // At the start: both models' reads are gone.
    const orderRead = reads.send(order.route, order.params, {}, ram);
    (await request(sent, before)).answer([{ amount_total: 10 }]); // an answer from before the write's end lands
    await orderRead;
    const lineRead = reads.send(line.route, line.params, {}, ram);
    (await request(sent, before + 1)).answer([{ price_unit: 10 }]);
    await lineRead;
    // At the end (here a failure: it may have been applied all the same): dropped again.
    sent[before - 1]!.fail(new Error("timeout"));
    await expect(pending).rejects.toThrow("timeout");
    void reads.send(order.route, order.params, {}, ram);
    await request(sent, before + 2);
    void reads.send(line.route, line.params, {}, ram);
    await request(sent, before + 3);
  });

  test("joins an equal pending call as sent (a Date is its JSON), and sends one that differs", async () => {
    const { sent, writes } = fakeLayers();
    const route = "/web/dataset/call_kw/sale.order/write";
    const send = (date: Date) => writes.sendExclusive(route, { model: "sale.order", method: "write", args: [[1], { date }] }, {}, () => {
      const call = kw("sale.order", "write", [[1], { date: date.toISOString() }]);
      return writes.send(call.route, call.params, {});
    });
    const first = send(new Date("2026-12-01T10:00:00Z"));
    const again = send(new Date("2026-12-01T10:00:00Z"));
    const other = send(new Date("2026-12-02T10:00:00Z"));
    expect(sent).toHaveLength(2);
    sent[0]!.answer(true);
    sent[1]!.answer(true);
    await expect(Promise.all([first, again, other])).resolves.toEqual([true, true, true]);
    // Once it ended, an equal call is sent anew.
    void send(new Date("2026-12-01T10:00:00Z"));
    expect(sent).toHaveLength(3);
  });
});
