import { Component, xml } from "@odoo/owl";
import { IDBFactory } from "fake-indexeddb";
import { afterEach, describe, expect, onTestFinished, test, vi } from "vitest";
import { browser } from "../../../src/browser";
import { ConnectionAbortedError } from "../../../src/services/rpc/errors";
import { getConnectionMonitor, getReadCache } from "../../../src/services/rpc/rpc_service";
import { DiskStore } from "../../../src/services/rpc/reads/disk_store";
import { ormService } from "../../../src/services/orm/orm_service";
import type { ORM } from "../../../src/services/orm/orm_types";
import { useService } from "../../../src/use_service";
import { makeDeferred, mountWithServices, settle, watchTimers, type Deferred } from "../../helpers";
import { setupRPC } from "./rpc_helpers";

const ROUTE = "/web/dataset/call_kw/sale.order/search_read";
const kw = (method: string, kwargs: Record<string, unknown> = {}, model = "sale.order") => ({ model, method, args: [], kwargs });

/** A call_kw server whose answers wait for `release()`; counts what reached it. */
async function setupGated(answer: (params: Record<string, unknown>) => unknown = () => [{ id: 1, name: "S00001" }]) {
  const gates: Deferred<void>[] = [];
  const routes: Record<string, (params: Record<string, unknown>) => Promise<{ result: unknown }>> = {};
  for (const method of ["search_read", "search_count", "write", "create", "action_confirm"]) {
    routes[`/web/dataset/call_kw/sale.order/${method}`] = async (params) => {
      const gate = makeDeferred();
      gates.push(gate);
      await gate.promise;
      return { result: answer(params) };
    };
  }
  const ctx = await setupRPC(routes, {}, { orm: ormService });
  const release = async () => {
    await vi.waitFor(() => expect(gates.length).toBeGreaterThan(0));
    gates.splice(0).forEach((gate) => {
      gate.resolve();
    });
  };
  return { ...ctx, orm: ctx.env.services.orm as ORM, release };
}

afterEach(() => vi.restoreAllMocks());

describe("shared reads", () => {
  test("equal reads in flight share one request, whatever their key order, and each caller gets its own copy", async () => {
    const { rpc, server, named, release } = await setupGated();
    const first = rpc<{ id: number; name: string }[]>(ROUTE, kw("search_read", { domain: [], fields: ["name"] }), { share: true });
    const second = rpc<{ id: number; name: string }[]>(ROUTE, { kwargs: { fields: ["name"], domain: [] }, args: [], method: "search_read", model: "sale.order" }, { share: true });
    await release();
    const [a, b] = await Promise.all([first, second]);
    expect(a).toEqual([{ id: 1, name: "S00001" }]);
    expect(b).toEqual(a);
    a[0]!.name = "changed by the first caller";
    expect(b[0]!.name).toBe("S00001");
    expect(server.requestsTo(ROUTE)).toHaveLength(1);
    expect(named("RPC:REQUEST")).toHaveLength(1);
  });

  test("reads with other params or other settings do not share", async () => {
    const { rpc, server, release } = await setupGated();
    const calls = [
      rpc(ROUTE, kw("search_read", { domain: [] }), { share: true }),
      rpc(ROUTE, kw("search_read", { domain: [["id", "=", 1]] }), { share: true }),
      rpc(ROUTE, kw("search_read", { domain: [] }), { share: true, timeout: 60_000 }),
      rpc(ROUTE, kw("search_read", { domain: [] })),
    ];
    await vi.waitFor(() => expect(server.requestsTo(ROUTE)).toHaveLength(4));
    await release();
    await Promise.all(calls);
  });

  test("aborting one caller leaves the others their answer; when every caller has left, the request is aborted", async () => {
    const { rpc, named, release } = await setupGated();
    const leaving = rpc(ROUTE, kw("search_read"), { share: true });
    const staying = rpc(ROUTE, kw("search_read"), { share: true });
    leaving.abort();
    await expect(leaving).rejects.toBeInstanceOf(ConnectionAbortedError);
    await release();
    await expect(staying).resolves.toEqual([{ id: 1, name: "S00001" }]);

    const controller = new AbortController();
    const one = rpc(ROUTE, kw("search_read", { limit: 1 }), { share: true, signal: controller.signal });
    const two = rpc(ROUTE, kw("search_read", { limit: 1 }), { share: true });
    controller.abort();
    two.abort();
    await expect(one).rejects.toBeInstanceOf(ConnectionAbortedError);
    await expect(two).rejects.toBeInstanceOf(ConnectionAbortedError);
    expect(named("RPC:RESPONSE").at(-1)).toMatchObject({ outcome: "aborted" });
    await release();
  });

  test("the orm shares its reads by default, and never its writes", async () => {
    const { orm, server, release } = await setupGated(() => true);
    const reads = [orm.searchRead("sale.order", [], ["name"]), orm.searchRead("sale.order", [], ["name"])];
    const writes = [orm.write("sale.order", [1], { name: "x" }), orm.write("sale.order", [1], { name: "x" })];
    await vi.waitFor(() => expect(server.requests.length).toBe(3));
    await release();
    await Promise.all([...reads, ...writes]);
    expect(server.requestsTo(ROUTE)).toHaveLength(1);
    expect(server.requestsTo("/web/dataset/call_kw/sale.order/write")).toHaveLength(2);
  });

  test("refuses to share or cache a write, and to re-send one without an idempotency key, before sending", async () => {
    const { rpc, server } = await setupGated();
    const write = kw("write");
    await expect(rpc("/web/dataset/call_kw/sale.order/write", write, { share: true })).rejects.toThrow(
      'rpc /web/dataset/call_kw/sale.order/write: sale.order.write is a write: sharing and caching are for reads only (read, search, search_read, search_fetch, search_count, read_group, web_read, web_search_read, web_read_group, read_progress_bar, fields_get, name_search, default_get, onchange, or a call with settings.kind "read")',
    );
    await expect(rpc("/web/dataset/call_kw/sale.order/write", write, { cache: {} })).rejects.toThrow(/is a write: sharing and caching are for reads only/);
    await expect(rpc("/web/dataset/call_kw/sale.order/write", write, { retry: true })).rejects.toThrow(
      "rpc /web/dataset/call_kw/sale.order/write: sale.order.write is a write: retry could apply it twice; pass idempotencyKey as well, for a server that honours the Idempotency-Key header",
    );
    await expect(rpc(ROUTE, kw("search_read"), { cache: { type: "cloud" } as never })).rejects.toThrow(`rpc ${ROUTE}: settings.cache.type must be "ram" or "disk", got "cloud"`);
    await expect(rpc(ROUTE, kw("search_read"), { cache: { maxAge: 2 ** 31 } })).rejects.toThrow(/settings\.cache\.maxAge must be a number of ms from 0 to 2\^31-1/);
    expect(server.requests).toEqual([]);
  });
});

describe("cached reads", () => {
  test("a stored answer resolves without a request; update: always asks the server and hands onUpdate its answer", async () => {
    let count = 3;
    const ctx = await setupRPC({ "/web/dataset/call_kw/sale.order/search_count": () => ({ result: count }) }, {}, { orm: ormService });
    const orm = ctx.env.services.orm as ORM;
    expect(await orm.cache().searchCount("sale.order", [])).toBe(3);
    count = 4;
    expect(await orm.cache().searchCount("sale.order", [])).toBe(3);
    expect(ctx.server.requests).toHaveLength(1);

    const updates: [unknown, boolean][] = [];
    const always = orm.cache({ update: "always", onUpdate: (result, changed) => updates.push([result, changed]) });
    expect(await always.searchCount("sale.order", [])).toBe(3);
    await vi.waitFor(() => expect(updates).toEqual([[4, true]]));
    expect(await always.searchCount("sale.order", [])).toBe(4);
    await vi.waitFor(() => expect(updates).toEqual([[4, true], [4, false]]));
    expect(ctx.server.requests).toHaveLength(3);
  });

  test("update: always with the server away answers the stored value, and onUpdate hears the server's once it is back", async () => {
    let count = 3;
    let up = true;
    const away = { raw: { status: 503, body: "Service Unavailable" } };
    const ctx = await setupRPC(
      {
        "/web/dataset/call_kw/sale.order/search_count": () => (up ? { result: count } : away),
        "/web/webclient/version_info": () => (up ? { result: { server_version: "17.0" } } : away),
      },
      {},
      { orm: ormService },
    );
    const updates: [unknown, boolean][] = [];
    const always = (ctx.env.services.orm as ORM).cache({ update: "always", onUpdate: (result, changed) => updates.push([result, changed]) });
    expect(await always.searchCount("sale.order", [])).toBe(3);
    up = false;
    count = 5;
    expect(await always.searchCount("sale.order", [])).toBe(3);
    const monitor = getConnectionMonitor(ctx.rpc)!;
    await vi.waitFor(() => expect(monitor.state).toBe("lost"));
    expect(updates).toEqual([]);
    up = true;
    monitor.retryNow();
    await vi.waitFor(() => expect(updates).toEqual([[5, true]]));
    expect(await always.searchCount("sale.order", [])).toBe(5);
    await vi.waitFor(() => expect(updates).toEqual([[5, true], [5, false]]));
  });

  test("an answer older than maxAge is not used", async () => {
    let now = 1_000_000;
    vi.spyOn(browser, "now").mockImplementation(() => now);
    const ctx = await setupRPC({ "/web/dataset/call_kw/sale.order/search_count": () => ({ result: 7 }) }, {}, { orm: ormService });
    const cached = (ctx.env.services.orm as ORM).cache({ maxAge: 60_000 });
    await cached.searchCount("sale.order", []);
    now += 59_000;
    await cached.searchCount("sale.order", []);
    expect(ctx.server.requests).toHaveLength(1);
    now += 2_000;
    await cached.searchCount("sale.order", []);
    expect(ctx.server.requests).toHaveLength(2);
  });

  test("a successful write drops its model's cached reads; orm.invalidate does it by hand", async () => {
    const ctx = await setupRPC(
      {
        "/web/dataset/call_kw/sale.order/search_count": () => ({ result: 1 }),
        "/web/dataset/call_kw/res.partner/search_count": () => ({ result: 1 }),
        "/web/dataset/call_kw/sale.order/write": () => ({ result: true }),
      },
      {},
      { orm: ormService },
    );
    const orm = ctx.env.services.orm as ORM;
    const readBoth = () => Promise.all([orm.cache().searchCount("sale.order", []), orm.cache().searchCount("res.partner", [])]);
    await readBoth();
    await readBoth();
    expect(ctx.server.requests).toHaveLength(2);
    await orm.write("sale.order", [1], { name: "x" });
    await readBoth();
    expect(ctx.server.requestsTo("/web/dataset/call_kw/sale.order/search_count")).toHaveLength(2);
    expect(ctx.server.requestsTo("/web/dataset/call_kw/res.partner/search_count")).toHaveLength(1);
    orm.invalidate();
    await readBoth();
    expect(ctx.server.requestsTo("/web/dataset/call_kw/res.partner/search_count")).toHaveLength(2);
  });

  test("keeps each user's answers apart", async () => {
    const ctx = await setupRPC({ "/web/dataset/call_kw/sale.order/search_count": (params) => ({ result: (params.kwargs as { context: { uid: number } }).context.uid * 10 }) }, { orm: { context: { uid: 1 } } }, { orm: ormService });
    const orm = ctx.env.services.orm as ORM;
    expect(await orm.cache().searchCount("sale.order", [])).toBe(10);
    ctx.env.config.orm = { context: { uid: 2 } };
    expect(await orm.cache().searchCount("sale.order", [])).toBe(20);
    expect(ctx.server.requests).toHaveLength(2);
  });

  test("a write in one tab drops the cached reads of another tab (BroadcastChannel)", async () => {
    const routes = { "/web/dataset/call_kw/sale.order/search_count": () => ({ result: 1 }), "/web/dataset/call_kw/sale.order/unlink": () => ({ result: true }) };
    const tabA = await setupRPC(routes, { rpc: { shareConnectionState: true } }, { orm: ormService });
    const tabB = await setupRPC(routes, { rpc: { shareConnectionState: true } }, { orm: ormService });
    for (const tab of [tabA, tabB]) {
      // The monitors share a channel too; they are disposed by setupRPC, the caches here.
      onTestFinished(() => getReadCache(tab.rpc)?.close());
    }
    const ormB = tabB.env.services.orm as ORM;
    await ormB.cache().searchCount("sale.order", []);
    await ormB.cache().searchCount("sale.order", []);
    expect(tabB.server.requests.filter((r) => r.url.endsWith("/search_count"))).toHaveLength(1);
    await (tabA.env.services.orm as ORM).unlink("sale.order", [1]);
    await vi.waitFor(async () => {
      await ormB.cache().searchCount("sale.order", []);
      expect(tabB.server.requests.filter((r) => r.url.endsWith("/search_count"))).toHaveLength(2);
    });
  });

  test("a write tells the other tabs its model by name alone (no object made per message), when it starts and when it ends", async () => {
    const gate = makeDeferred();
    const ctx = await setupRPC({ "/shop/update": async () => (await gate.promise, { result: true }) }, { rpc: { shareConnectionState: true } });
    onTestFinished(() => getReadCache(ctx.rpc)?.close());
    const otherTab = new BroadcastChannel("owl-services:cache");
    onTestFinished(() => otherTab.close());
    const heard: unknown[] = [];
    otherTab.onmessage = (event) => heard.push(event.data);
    const write = ctx.rpc("/shop/update", { cart: 1 });
    await vi.waitFor(() => expect(heard).toEqual(["/shop/update"]));
    gate.resolve();
    await write;
    await vi.waitFor(() => expect(heard).toEqual(["/shop/update", "/shop/update"]));
    await settle();
    expect(heard).toHaveLength(2);
  });

  test("disk: answers survive a new env (a reload), are dropped when the version changes, and a storage error falls back to memory with one warning", async () => {
    const factory = new IDBFactory();
    vi.spyOn(browser, "indexedDB", "get").mockReturnValue(factory);
    let answer = 1;
    const routes = { "/web/dataset/call_kw/sale.order/search_count": () => ({ result: answer }) };
    const page = async (version = "1") => {
      const ctx = await setupRPC(routes, { rpc: { cacheVersion: version } }, { orm: ormService });
      onTestFinished(() => getReadCache(ctx.rpc)?.close());
      return { ...ctx, disk: (ctx.env.services.orm as ORM).cache({ type: "disk" }) };
    };
    const put = vi.spyOn(DiskStore.prototype, "put");
    const first = await page();
    expect(await first.disk.searchCount("sale.order", [])).toBe(1);
    // Once the answer is on disk (sealed, written after the caller got it), a reload reads it there.
    await vi.waitFor(() => expect(put).toHaveBeenCalledTimes(1));
    await put.mock.results[0]!.value;
    answer = 2;
    const reloaded = await page();
    expect(await reloaded.disk.searchCount("sale.order", [])).toBe(1);
    expect(reloaded.server.requests).toHaveLength(0);
    const upgraded = await page("2");
    expect(await upgraded.disk.searchCount("sale.order", [])).toBe(2);
    expect(upgraded.server.requests).toHaveLength(1);

    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const broken = { open: () => { throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); } } as unknown as IDBFactory;
    vi.spyOn(browser, "indexedDB", "get").mockReturnValue(broken);
    const privateMode = await page();
    expect(await privateMode.disk.searchCount("sale.order", [])).toBe(2);
    expect(await privateMode.disk.searchCount("sale.order", [])).toBe(2);
    expect(privateMode.server.requests).toHaveLength(1);
    expect(warn.mock.calls).toEqual([["owl-services: the disk cache is unavailable (The quota has been exceeded.); cached reads stay in memory for this page."]]);
  });

  test("a write opens no database on an origin that never stored a read on disk; once one did, a write from a new page drops it there", async () => {
    const factory = new IDBFactory();
    const open = vi.spyOn(factory, "open");
    vi.spyOn(browser, "indexedDB", "get").mockReturnValue(factory);
    const stored = new Map<string, string>();
    const storage = { getItem: (key: string) => stored.get(key) ?? null, setItem: (key: string, value: string) => void stored.set(key, value) } as Storage;
    vi.spyOn(browser, "localStorage", "get").mockReturnValue(storage);
    let answer = 1;
    const routes = {
      "/web/dataset/call_kw/sale.order/search_count": () => ({ result: answer }),
      "/web/dataset/call_kw/sale.order/write": () => ({ result: true }),
    };
    const page = async () => {
      const ctx = await setupRPC(routes, {}, { orm: ormService });
      onTestFinished(() => getReadCache(ctx.rpc)?.close());
      const orm = ctx.env.services.orm as ORM;
      return { ...ctx, orm, disk: orm.cache({ type: "disk" }) };
    };
    const first = await page();
    await first.orm.write("sale.order", [1], { name: "S00001" });
    expect(open).not.toHaveBeenCalled();
    // Its answer's put awaited: one landing after the next page's drop would put it back (a CI run read 1 below so).
    const put = DiskStore.prototype.put;
    const putDone = makeDeferred<void>();
    vi.spyOn(DiskStore.prototype, "put").mockImplementation(async function (this: DiskStore, entry) {
      try {
        await put.call(this, entry);
      } finally {
        putDone.resolve();
      }
    });
    expect(await first.disk.searchCount("sale.order", [])).toBe(1);
    await putDone.promise;
    // The entries' database, and the one that keeps their keys apart from them.
    expect(open.mock.calls.map(([name]) => name)).toEqual(["owl-services-cache", "owl-services-cache-key"]);
    answer = 2;
    const reloaded = await page();
    await reloaded.orm.write("sale.order", [1], { name: "S00002" });
    expect(await reloaded.disk.searchCount("sale.order", [])).toBe(2);
    expect(reloaded.server.requestsTo("/web/dataset/call_kw/sale.order/search_count")).toHaveLength(1);
  });

  test("a destroyed component's onUpdate never runs", async () => {
    let count = 1;
    const gate = makeDeferred();
    const ctx = await setupRPC({ "/web/dataset/call_kw/sale.order/search_count": async () => (count > 1 && (await gate.promise), { result: count }) }, {}, { orm: ormService });
    await (ctx.env.services.orm as ORM).cache().searchCount("sale.order", []);
    count = 2;
    const updates: unknown[] = [];
    class Kpi extends Component {
      static override template = xml`<div/>`;
      orm!: ORM;
      override setup() {
        this.orm = useService("orm");
      }
    }
    const { app, component } = await mountWithServices(Kpi, ctx.env);
    const always = component.orm.cache({ update: "always", onUpdate: (value) => updates.push(value) });
    await expect(always.searchCount("sale.order", [])).resolves.toBe(1);
    app.destroy();
    gate.resolve();
    await vi.waitFor(() => expect(ctx.named("RPC:RESPONSE").at(-1)).toMatchObject({ outcome: "result", result: 2 }));
    await settle();
    expect(updates).toEqual([]);
  });
});

describe("writes applied once", () => {
  test("every orm write carries an Idempotency-Key, a fresh one per call; reads carry none", async () => {
    const { orm, server, release } = await setupGated(() => true);
    const calls = [orm.write("sale.order", [1], { name: "a" }), orm.write("sale.order", [1], { name: "a" }), orm.call("sale.order", "action_confirm", [[1]]), orm.searchRead("sale.order", [], [])];
    await vi.waitFor(() => expect(server.requests).toHaveLength(4));
    await release();
    await Promise.all(calls);
    const keys = server.requests.map((request) => request.headers["idempotency-key"]);
    expect(keys.slice(0, 3).every((key) => typeof key === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(key))).toBe(true);
    expect(new Set(keys.slice(0, 3)).size).toBe(3);
    expect(keys[3]).toBeUndefined();
  });

  test("a write re-sent after a timeout carries the same key", async () => {
    vi.spyOn(browser, "random").mockReturnValue(0);
    let calls = 0;
    const firstArrived = makeDeferred();
    const ctx = await setupRPC({ "/web/dataset/call_kw/sale.order/create": () => (++calls === 1 ? (firstArrived.resolve(), { hang: true }) : { result: [9] }) });
    // The first attempt times out when the test says so, once the server holds it.
    const TIMEOUT = 43_210;
    const timers = watchTimers();
    const created = ctx.rpc("/web/dataset/call_kw/sale.order/create", kw("create"), { retry: 1, timeout: TIMEOUT, idempotencyKey: true });
    await firstArrived.promise;
    timers.fire(TIMEOUT);
    await expect(created).resolves.toEqual([9]);
    const [first, second] = ctx.server.requests.map((request) => request.headers["idempotency-key"]);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).toBe(first);
  });

  test("exclusive: a call equal to one still pending joins it, so a double click writes once", async () => {
    const { orm, server, release } = await setupGated(() => true);
    const first = orm.exclusive.call("sale.order", "action_confirm", [[7]]);
    const second = orm.exclusive.call("sale.order", "action_confirm", [[7]]);
    const other = orm.exclusive.call("sale.order", "action_confirm", [[8]]);
    await vi.waitFor(() => expect(server.requests).toHaveLength(2));
    await release();
    await expect(Promise.all([first, second, other])).resolves.toEqual([true, true, true]);
    // Once settled, the same call runs again.
    const again = orm.exclusive.call("sale.order", "action_confirm", [[7]]);
    expect(again).not.toBe(first);
    await release();
    await again;
    expect(server.requestsTo("/web/dataset/call_kw/sale.order/action_confirm")).toHaveLength(3);
  });
});

describe("exclusive calls with arguments JSON cannot carry", () => {
  test("reject with the rpc's own error, naming the path, and send nothing", async () => {
    const ctx = await setupRPC({}, {}, { orm: ormService });
    const orm = ctx.env.services.orm as ORM;
    await expect(orm.exclusive.call("sale.order", "action_confirm", [[1n]])).rejects.toThrow(/params\.args\[0\]\[0\] is a BigInt/);
    expect(ctx.server.requests).toEqual([]);
  });
});

describe("answers too deep to walk", () => {
  /** `{"result": [[[…]]]}` nested `depth` levels: 10 KB for 5,000, which JSON.parse takes and a recursive walk does not. */
  const nested = (depth: number) => (_params: Record<string, unknown>, request: { json?: { id?: number } | undefined }) => ({
    raw: { contentType: "application/json", body: `{"jsonrpc":"2.0","id":${request.json?.id},"result":${"[".repeat(depth)}${"]".repeat(depth)}}` },
  });

  test("a result nested 5,000 levels deep rejects a shared read and a cached read with InvalidResponseError naming the route and the depth", async () => {
    const ctx = await setupRPC({ [ROUTE]: nested(5000), "/deep": nested(5000) }, {}, { orm: ormService });
    const orm = ctx.env.services.orm as ORM;
    const errors = await Promise.all([
      orm.searchRead("sale.order", [], ["name"]).catch((error: unknown) => error),
      ctx.rpc("/deep", {}, { cache: { type: "ram" } }).catch((error: unknown) => error),
    ]);
    expect(errors.map((error) => (error as Error).name)).toEqual(["InvalidResponseError", "InvalidResponseError"]);
    expect((errors[0] as Error).message).toMatch(/^rpc \/web\/dataset\/call_kw\/sale\.order\/search_read: .*nested 5000 levels deep/);
    expect((errors[1] as Error).message).toMatch(/^rpc \/deep: .*nested 5000 levels deep/);
    // Nothing was cached: the next read asks the server again.
    await ctx.rpc("/deep", {}, { cache: { type: "ram" } }).catch(() => undefined);
    expect(ctx.server.requestsTo("/deep")).toHaveLength(2);
  });

  test("a result as deep as Odoo's data gets (60 levels) is shared and cached as usual", async () => {
    const ctx = await setupRPC({ "/deep": nested(60) }, {}, { orm: ormService });
    const first = await ctx.rpc("/deep", {}, { cache: { type: "ram" } });
    const second = await ctx.rpc("/deep", {}, { cache: { type: "ram" } });
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(ctx.server.requestsTo("/deep")).toHaveLength(1);
  });
});
