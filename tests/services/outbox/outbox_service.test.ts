/** The outbox service in an env, against a real JSON-RPC server on port 0 (fake-indexeddb for the disk). */
import { IDBFactory } from "fake-indexeddb";
import { afterEach, describe, expect, onTestFinished, test, vi } from "vitest";
import { browser } from "../../../src/browser";
import { stopServices } from "../../../src/env";
import { outboxService, type OutboxService } from "../../../src/services/outbox/outbox_service";
import { getConnectionMonitor } from "../../../src/services/rpc/rpc_service";
import type { Handler } from "../../helpers";
import { setupRPC } from "../rpc/rpc_helpers";

const WRITE = "/web/dataset/call_kw/sale.order/write";
const WEB_SAVE = "/web/dataset/call_kw/sale.order/web_save";

type Line = { id: number; product_id: number; product_uom_qty: number };
type Order = { id: number; partner_id: number | false; note: string | false; order_line: Line[] };
type OrderValues = { partner_id?: number; note?: string; order_line?: [0, 0, Omit<Line, "id">][] };

/**
 * A server of sale.order's web_save, away (503, its heartbeat too) until `up`: it creates on ids [],
 * writes otherwise (a missing id is Odoo's MissingError), applies each Idempotency-Key once and
 * answers a re-sent one as it did, and logs what it applied.
 */
function orderServer() {
  const state = { up: false, applied: [] as string[], orders: new Map<number, Order>() };
  const answers = new Map<string, unknown>();
  let nextId = 41;
  let nextLine = 90;
  const away = { raw: { status: 503, body: "Service Unavailable" } };
  const save = (ids: unknown[], values: OrderValues) => {
    const id = ids[0];
    if (id !== undefined && (typeof id !== "number" || !state.orders.has(id))) {
      return { error: { code: 200, message: "Odoo Server Error", data: { name: "odoo.exceptions.MissingError", message: `Record does not exist or has been deleted. (sale.order(${JSON.stringify(id)}))` } } };
    }
    const order = id === undefined ? { id: nextId++, partner_id: false as const, note: false as const, order_line: [] } : state.orders.get(id)!;
    state.orders.set(order.id, Object.assign(order, { ...values, order_line: [...order.order_line, ...(values.order_line ?? []).map(([, , line]) => ({ id: nextLine++, ...line }))] }));
    state.applied.push(id === undefined ? `create ${order.id}` : `write ${order.id}`);
    return { result: [{ id: order.id, note: order.note, order_line: order.order_line.map(({ id: lineId, product_uom_qty }) => ({ id: lineId, product_uom_qty })) }] };
  };
  const webSave: Handler = (params, request) => {
    if (!state.up) return away;
    const key = String(request.headers["idempotency-key"]);
    if (!answers.has(key)) answers.set(key, save(...(params.args as [unknown[], OrderValues])));
    return answers.get(key) as { result: unknown };
  };
  const routes = { [WEB_SAVE]: webSave, "/web/webclient/version_info": () => (state.up ? { result: { server_version: "17.0" } } : away) };
  return { state, routes };
}

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

  test("an order created with its lines offline, then edited offline, is applied once, in order, when the server is back: the edit reaches the created id", async () => {
    const { state, routes } = orderServer();
    const tab = await page(new IDBFactory(), storage(), routes);
    const specification = { note: {}, order_line: { fields: { product_uom_qty: {} } } };
    const create = tab.outbox.call("sale.order", "web_save", [[], { partner_id: 3, order_line: [[0, 0, { product_id: 5, product_uom_qty: 2 }]] }], { specification });
    const virtualId = create.entry.virtualId!;
    expect(virtualId).toMatch(/^virtual_[0-9a-f]+$/);
    await vi.waitFor(() => expect(tab.outbox.entries().map((entry) => entry.state)).toEqual(["waiting"]));
    const edit = tab.outbox.call("sale.order", "web_save", [[virtualId], { note: "ring first", order_line: [[0, 0, { product_id: 6, product_uom_qty: 1 }]] }], { specification });
    expect(tab.outbox.entries().map((entry) => entry.virtualId)).toEqual([virtualId, undefined]);
    state.up = true;
    getConnectionMonitor(tab.rpc)!.retryNow();
    const saved = { id: 41, note: "ring first", order_line: [{ id: 90, product_uom_qty: 2 }, { id: 91, product_uom_qty: 1 }] };
    await expect(edit).resolves.toEqual([saved]);
    await expect(create).resolves.toEqual([{ id: 41, note: false, order_line: [{ id: 90, product_uom_qty: 2 }] }]);
    expect(state.applied).toEqual(["create 41", "write 41"]);
    expect(state.orders.get(41)).toEqual({ id: 41, partner_id: 3, note: "ring first", order_line: [{ id: 90, product_id: 5, product_uom_qty: 2 }, { id: 91, product_id: 6, product_uom_qty: 1 }] });
    const sent = tab.server.requestsTo(WEB_SAVE).map((request) => request.json!.params!.args);
    expect(sent.at(-1)).toEqual([[41], { note: "ring first", order_line: [[0, 0, { product_id: 6, product_uom_qty: 1 }]] }]);
    expect(sent.slice(0, -1).every((args) => JSON.stringify(args) === JSON.stringify(sent[0]))).toBe(true);
    await vi.waitFor(() => expect(tab.outbox.entries()).toEqual([]));
  });
});
