/** The read layer on its own, over a fake call layer: sharing, caching, copies, generations. */
import { describe, expect, test } from "vitest";
import { resolveCacheOptions } from "../../../../src/services/rpc/reads/cache_options";
import { ConnectionAbortedError } from "../../../../src/services/rpc/errors";
import { fakeLayers, kw, request } from "../layer_helpers";

const ram = resolveCacheOptions("/test", { type: "ram" });

describe("the read layer", () => {
  test("equal reads in flight share one request, whatever their key order, and each caller gets its own copy", async () => {
    const { sent, reads } = fakeLayers();
    const { route } = kw("sale.order", "search_read");
    const first = reads.send<{ id: number }[]>(route, { model: "sale.order", method: "search_read", args: [], kwargs: { domain: [], fields: ["name"] } }, { share: true }, undefined);
    const second = reads.send<{ id: number }[]>(route, { kwargs: { fields: ["name"], domain: [] }, args: [], method: "search_read", model: "sale.order" }, { share: true }, undefined);
    expect(sent).toHaveLength(1);
    sent[0]!.answer([{ id: 1 }]);
    const [a, b] = await Promise.all([first, second]);
    expect(a).toEqual([{ id: 1 }]);
    expect(a).not.toBe(b);
    a[0]!.id = 99;
    expect(b[0]!.id).toBe(1);
  });

  test("reads with other settings (a timeout) are not shared", () => {
    const { sent, reads } = fakeLayers();
    const { route, params } = kw("sale.order", "search_count");
    void reads.send(route, params, { share: true }, undefined);
    void reads.send(route, params, { share: true, timeout: 500 }, undefined);
    expect(sent).toHaveLength(2);
  });

  test("one caller leaving keeps the request for the others; the last one leaving aborts it", async () => {
    const { sent, reads } = fakeLayers();
    const { route, params } = kw("sale.order", "search_count");
    const first = reads.send(route, params, { share: true }, undefined);
    const second = reads.send(route, params, { share: true }, undefined);
    first.abort();
    await expect(first).rejects.toBeInstanceOf(ConnectionAbortedError);
    expect(sent[0]!.aborted).toBe(false);
    second.abort(false);
    expect(sent[0]!.aborted).toBe(true);
  });

  test("a cached answer is served from memory with a copy per caller, and sends nothing", async () => {
    const { sent, reads } = fakeLayers();
    const { route, params } = kw("res.partner", "read", [[7], ["name"]]);
    const miss = reads.send<{ name: string }[]>(route, params, { cache: { type: "ram" } }, ram);
    (await request(sent, 0)).answer([{ name: "Azure" }]);
    expect(await miss).toEqual([{ name: "Azure" }]);
    const hit = await reads.send<{ name: string }[]>(route, params, { cache: { type: "ram" } }, ram);
    hit[0]!.name = "changed by the first caller";
    expect(await reads.send(route, params, { cache: { type: "ram" } }, ram)).toEqual([{ name: "Azure" }]);
    expect(sent).toHaveLength(1);
  });

  test("an invalidation of the model between the request and its answer keeps the answer out of the cache", async () => {
    const { sent, reads } = fakeLayers();
    const { route, params } = kw("res.partner", "read", [[7], ["name"]]);
    const miss = reads.send(route, params, { cache: { type: "ram" } }, ram);
    const first = await request(sent, 0);
    reads.invalidate("res.partner");
    first.answer([{ name: "before the write" }]);
    await miss;
    void reads.send(route, params, { cache: { type: "ram" } }, ram);
    await request(sent, 1);
  });

  test("a read that starts after an invalidation never joins a request made before it", async () => {
    const { sent, reads } = fakeLayers();
    const { route, params } = kw("sale.order", "search_count");
    void reads.send(route, params, { share: true }, undefined);
    reads.invalidate("sale.order");
    void reads.send(route, params, { share: true }, undefined);
    expect(sent).toHaveLength(2);
    // Another model's invalidation leaves this one's requests joinable.
    reads.invalidate("res.partner");
    void reads.send(route, params, { share: true }, undefined);
    expect(sent).toHaveLength(2);
  });

  test("errors are never cached", async () => {
    const { sent, reads } = fakeLayers();
    const { route, params } = kw("res.partner", "read", [[7], ["name"]]);
    const failed = reads.send(route, params, { cache: { type: "ram" } }, ram);
    (await request(sent, 0)).fail(new Error("access denied"));
    await expect(failed).rejects.toThrow("access denied");
    void reads.send(route, params, { cache: { type: "ram" } }, ram);
    await request(sent, 1);
  });
});
