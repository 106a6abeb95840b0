/** The outbox service in an env, against a real JSON-RPC server on port 0 (fake-indexeddb for the disk). */
import { IDBFactory } from "fake-indexeddb";
import { afterEach, describe, expect, onTestFinished, test, vi } from "vitest";
import { browser } from "../../../src/browser";
import { stopServices } from "../../../src/env";
import { outboxService, type OutboxService } from "../../../src/services/outbox/outbox_service";
import { setupRPC } from "../rpc/rpc_helpers";

const WRITE = "/web/dataset/call_kw/sale.order/write";

function storage(): Storage {
  const items = new Map<string, string>();
  return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value) } as Storage;
}

async function page(factory: IDBFactory, local: Storage, routes: Parameters<typeof setupRPC>[0], context: Record<string, unknown> = { uid: 2 }) {
  vi.spyOn(browser, "indexedDB", "get").mockReturnValue(factory);
  vi.spyOn(browser, "localStorage", "get").mockReturnValue(local);
  const ctx = await setupRPC(routes, { orm: { context } }, { outbox: outboxService });
  onTestFinished(() => stopServices(ctx.env));
  return { ...ctx, outbox: ctx.env.services.outbox as OutboxService };
}

afterEach(() => vi.restoreAllMocks());

describe("the outbox service", () => {
  test("sends a write with its entry's Idempotency-Key and answers with the server's result", async () => {
    const tab = await page(new IDBFactory(), storage(), { [WRITE]: () => ({ result: true }) });
    const call = tab.outbox.call("sale.order", "write", [[1], { note: "hello" }]);
    expect(call.entry).toMatchObject({ model: "sale.order", method: "write", state: "waiting" });
    await expect(call).resolves.toBe(true);
    const [request] = tab.server.requestsTo(WRITE);
    expect(request!.headers["idempotency-key"]).toBe(call.entry.key);
    expect(tab.outbox.entries()).toEqual([]);
  });

  test("loads its line at start-up only where an earlier visit kept a write, and then sends what waited", async () => {
    const factory = new IDBFactory();
    const local = storage();
    const open = vi.spyOn(factory, "open");
    // A page that never kept a write opens no database.
    await page(factory, local, {});
    expect(open).not.toHaveBeenCalled();
    // A write kept while the server answers 503 (away), then the page is closed.
    let up = false;
    // Away for everything, the heartbeat too, until `up`.
    const away = () => (up ? undefined : { raw: { status: 503, body: "Service Unavailable" } });
    const routes = { [WRITE]: () => away() ?? { result: true }, "/web/webclient/version_info": () => away() ?? { result: { server_version: "17.0" } } };
    const first = await page(factory, local, routes);
    const call = first.outbox.call("sale.order", "write", [[1], { note: "kept" }]);
    void call.catch(() => undefined);
    await vi.waitFor(() => expect(first.outbox.entries().map((entry) => entry.state)).toEqual(["waiting"]));
    await stopServices(first.env);
    // The next visit, the server back: the line loads at start-up and sends it, with the same key.
    up = true;
    const next = await page(factory, local, routes);
    await vi.waitFor(() => expect(next.server.requestsTo(WRITE)).toHaveLength(1));
    expect(next.server.requestsTo(WRITE)[0]!.headers["idempotency-key"]).toBe(call.entry.key);
    await vi.waitFor(() => expect(next.outbox.entries()).toEqual([]));
  });

  test("refuses bad input at the call, before loading or keeping anything", async () => {
    const factory = new IDBFactory();
    const open = vi.spyOn(factory, "open");
    const tab = await page(factory, storage(), {});
    expect(() => tab.outbox.call("sale.order", "write", [[1], { total: 10n }])).toThrow("params.args[1].total is a BigInt");
    expect(() => tab.outbox.call("sale.order", "write", "1" as never)).toThrow('outbox.call: args must be an array, got "1"; nothing was kept');
    expect(() => tab.outbox.call("sale.order", "unlink", [[1]], {}, { label: "" })).toThrow('outbox.call: options.label must be a non-empty string of at most 200 characters, got ""; nothing was kept');
    expect(open).not.toHaveBeenCalled();
  });

  test("lists an entry from the moment call() returns, before the line's code has loaded", async () => {
    const tab = await page(new IDBFactory(), storage(), { [WRITE]: () => ({ result: true }) });
    const call = tab.outbox.call("sale.order", "write", [[1], { note: "now" }]);
    expect(tab.outbox.entries()).toEqual([call.entry]);
    await call;
    await vi.waitFor(() => expect(tab.outbox.entries()).toEqual([]));
  });

  test("sends the user's context (lang, tz, uid) in the entry's kwargs, as the orm does, under the call's own", async () => {
    const tab = await page(new IDBFactory(), storage(), { [WRITE]: () => ({ result: true }) }, { uid: 2, lang: "fr_BE", tz: "Europe/Brussels" });
    const call = tab.outbox.call("sale.order", "write", [[1], { note: "x" }], { context: { tz: "UTC", __last_update: { "sale.order,1": "2024-01-01 00:00:00" } } });
    expect(call.entry.kwargs).toEqual({ context: { uid: 2, lang: "fr_BE", tz: "UTC", __last_update: { "sale.order,1": "2024-01-01 00:00:00" } } });
    await call;
    expect(tab.server.requestsTo(WRITE)[0]!.json!.params!.kwargs).toEqual(call.entry.kwargs);
  });
});
