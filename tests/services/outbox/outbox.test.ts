/** The outbox's line on its own (fake-indexeddb, a fake rpc): stored first, sent once each, in order. */
import { EventBus } from "@odoo/owl";
import { IDBFactory } from "fake-indexeddb";
import { afterEach, describe, expect, test, vi } from "vitest";
import { browser } from "../../../src/browser";
import { ConnectionLostError, RPCError, RPCParamsError } from "../../../src/services/rpc/errors";
import { Outbox, OutboxDiscardedError } from "../../../src/services/outbox/outbox";
import { fakeServer, page, request, serverError } from "./outbox_helpers";
import { OutboxStore } from "../../../src/services/outbox/outbox_store";
import { makeEntry } from "../../../src/services/outbox/outbox_entry";

/** Two tabs of one origin on one fake server, where the platform has no Web Locks: their election decides who sends. */
async function tabsWithoutLocks(timing: { lease: number; claim: number }) {
  vi.spyOn(browser, "locks", "get").mockReturnValue(undefined);
  const factory = new IDBFactory();
  const server = fakeServer();
  const channel = `outbox-test-${Math.random()}`;
  const tab1 = await page(factory, server, "admin|demo", channel, timing);
  const tab2 = await page(factory, server, "admin|demo", channel, timing);
  return { server, tab1, tab2 };
}

/** A write kept by the line as the outbox service keeps one: its entry made at the call (bad input throws), for admin on demo. */
function keep<T = unknown>(outbox: Outbox, model: string, method: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}) {
  return outbox.enqueue<T>(makeEntry("admin|demo", model, method, args, kwargs));
}

afterEach(() => vi.restoreAllMocks());

describe("the outbox", () => {
  test("stores each write before its first send, then sends them one at a time, oldest first, each with its own key", async () => {
    const factory = new IDBFactory();
    const server = fakeServer();
    const { outbox, store } = await page(factory, server);
    const first = keep(outbox, "sale.order", "write", [[1], { note: "a" }]);
    const second = keep(outbox, "sale.order", "write", [[2], { note: "b" }]);
    const sentFirst = await request(server.sent, 0);
    expect((await store.list("admin|demo")).map((entry) => entry.id)).toEqual([first.entry.id, second.entry.id]);
    expect(server.sent).toHaveLength(1);
    expect(sentFirst.key).toBe(first.entry.key);
    sentFirst.resolve(true);
    (await request(server.sent, 1)).resolve(true);
    await expect(Promise.all([first, second])).resolves.toEqual([true, true]);
    expect(server.sent[1]!.key).toBe(second.entry.key);
    expect(first.entry.key).not.toBe(second.entry.key);
    await vi.waitFor(async () => expect(await store.list("admin|demo")).toEqual([]));
  });

  test("a lost connection stops the line; a reload sends the kept entries with their own keys, and the next restore too", async () => {
    const factory = new IDBFactory();
    const server = fakeServer();
    const before = await page(factory, server);
    const call = keep(before.outbox, "sale.order", "action_confirm", [[5]]);
    void call.catch(() => undefined);
    const lost = await request(server.sent, 0);
    server.monitor.state = "lost";
    lost.reject(new ConnectionLostError("/web/dataset/call_kw/sale.order/action_confirm", 0));
    await vi.waitFor(() => expect(before.outbox.entries().map((entry) => entry.state)).toEqual(["waiting"]));
    before.outbox.stop();
    // A reload while the server is away: nothing is sent until it answers again.
    const reloaded = await page(factory, server);
    expect(server.sent).toHaveLength(1);
    server.restore();
    const again = await request(server.sent, 1);
    expect(again.key).toBe(call.entry.key);
    again.resolve(true);
    await vi.waitFor(() => expect(reloaded.outbox.entries()).toEqual([]));
  });

  test("a create's virtual id stands for its record in later entries, replaced by the real id when sent, across a reload", async () => {
    const factory = new IDBFactory();
    const server = fakeServer();
    server.monitor.state = "lost";
    const before = await page(factory, server);
    const create = keep(before.outbox, "sale.order", "create", [{ partner_id: 3 }]);
    const virtualId = create.entry.virtualId!;
    expect(virtualId).toMatch(/^virtual_[0-9a-f]+$/);
    keep(before.outbox, "sale.order", "action_confirm", [[virtualId]]);
    await vi.waitFor(() => expect(before.outbox.entries()).toHaveLength(2));
    before.outbox.stop();
    const reloaded = await page(factory, server);
    server.restore();
    (await request(server.sent, 0)).resolve(41);
    const confirm = await request(server.sent, 1);
    expect(confirm.params.args).toEqual([[41]]);
    confirm.resolve(true);
    await vi.waitFor(() => expect(reloaded.outbox.entries()).toEqual([]));
    // One "saved" for the whole replay, once the line is empty.
    await vi.waitFor(() => expect(reloaded.events).toEqual(["OUTBOX:APPLIED", "OUTBOX:APPLIED", "OUTBOX:SAVED 2"]));
  });

  test("a web_save with ids [] is a create: its virtual id stands for its record in later entries, replaced by the answer's records[0].id", async () => {
    const factory = new IDBFactory();
    const server = fakeServer();
    server.monitor.state = "lost";
    const { outbox, events } = await page(factory, server);
    const lines = { order_line: [[0, 0, { product_id: 5, product_uom_qty: 2 }]] };
    const specification = { order_line: { fields: { product_uom_qty: {} } } };
    const create = keep(outbox, "sale.order", "web_save", [[], { partner_id: 3, ...lines }], { specification });
    const virtualId = create.entry.virtualId!;
    expect(virtualId).toMatch(/^virtual_[0-9a-f]+$/);
    const edit = keep(outbox, "sale.order", "web_save", [[virtualId], { note: "ring first" }], { specification });
    expect(edit.entry.virtualId).toBeUndefined();
    await vi.waitFor(() => expect(outbox.entries()).toHaveLength(2));
    server.restore();
    const first = await request(server.sent, 0);
    expect(first.params.args).toEqual([[], { partner_id: 3, ...lines }]);
    // The edit waits for the create's answer: it names the record the create makes.
    expect(server.sent).toHaveLength(1);
    first.resolve([{ id: 41, order_line: [{ id: 90, product_uom_qty: 2 }] }]);
    const second = await request(server.sent, 1);
    expect(second.params.args).toEqual([[41], { note: "ring first" }]);
    second.resolve([{ id: 41, order_line: [{ id: 90, product_uom_qty: 2 }] }]);
    await expect(edit).resolves.toEqual([{ id: 41, order_line: [{ id: 90, product_uom_qty: 2 }] }]);
    await vi.waitFor(() => expect(events).toEqual(["OUTBOX:APPLIED", "OUTBOX:APPLIED", "OUTBOX:SAVED 2"]));
    expect(server.sent).toHaveLength(2);
  });

  test.each<[method: string, args: unknown[], kwargs: { context: Record<string, unknown> } & Record<string, unknown>, answer: unknown]>([
    ["write", [[42], { note: "mine" }], { context: { lang: "fr_BE" } }, true],
    ["web_save", [[42], { note: "mine" }], { specification: { note: {} }, context: {} }, [{ id: 42, note: "mine" }]],
  ])("a %s carries its concurrency check; a conflict fails it, and retry with overwrite sends it again without (keep mine)", async (method, args, kwargs, answer) => {
    const factory = new IDBFactory();
    const server = fakeServer();
    server.monitor.state = "lost";
    const { outbox, events } = await page(factory, server);
    const seen = { "sale.order,42": "2026-11-29 10:00:00" };
    const checked = { ...kwargs, context: { ...kwargs.context, __last_update: seen } };
    const call = keep(outbox, "sale.order", method, structuredClone(args), structuredClone(checked));
    await vi.waitFor(() => expect(outbox.entries()).toHaveLength(1));
    expect(call.entry.virtualId).toBeUndefined();
    server.restore();
    const first = await request(server.sent, 0);
    expect(first.params.kwargs).toEqual(checked);
    first.reject(serverError("A document was modified since you last viewed it (Sales Order:42)"));
    await expect(call).rejects.toMatchObject({ userMessage: "A document was modified since you last viewed it (Sales Order:42)" });
    await vi.waitFor(() => expect(outbox.entries()[0]?.state).toBe("failed"));
    outbox.retry(call.entry.id, { overwrite: true });
    const again = await request(server.sent, 1);
    expect(again.params.kwargs).toEqual(kwargs);
    expect(again.key).toBe(call.entry.key);
    again.resolve(answer);
    await vi.waitFor(() => expect(outbox.entries()).toEqual([]));
    await vi.waitFor(() => expect(events).toEqual(["OUTBOX:FAILED", "OUTBOX:APPLIED", "OUTBOX:SAVED 1"]));
  });

  test("a failed entry that waited is kept with its error and holds back later entries on its record only; retry and discard end it", async () => {
    const factory = new IDBFactory();
    const server = fakeServer();
    const { outbox, events } = await page(factory, server);
    const first = keep(outbox, "sale.order", "write", [[1], { note: "first" }]);
    const failing = keep(outbox, "sale.order", "write", [[1], { amount: -1 }]);
    const held = keep(outbox, "sale.order", "write", [[1], { note: "after" }]);
    const otherRecord = keep(outbox, "sale.order", "write", [[2], { note: "other" }]);
    void failing.catch(() => undefined);
    (await request(server.sent, 0)).resolve(true);
    await expect(first).resolves.toBe(true);
    (await request(server.sent, 1)).reject(serverError("The amount must be positive"));
    await expect(failing).rejects.toBeInstanceOf(RPCError);
    // It had to wait (behind the first): it is kept, failed, with the server's reason.
    await vi.waitFor(() => expect(outbox.entries().map((entry) => entry.state)).toEqual(["failed", "waiting", "sending"]));
    expect(outbox.entries()[0]!.error).toEqual({ name: "odoo.exceptions.ValidationError", message: "The amount must be positive" });
    // The entry on its record waits; the other record goes on.
    const other = await request(server.sent, 2);
    expect(other.params.args).toEqual([[2], { note: "other" }]);
    other.resolve(true);
    await expect(otherRecord).resolves.toBe(true);
    expect(events).toEqual(["OUTBOX:APPLIED", "OUTBOX:FAILED", "OUTBOX:APPLIED"]);
    // Retry sends it again, with the same key; refused again, it stays failed.
    outbox.retry(failing.entry.id);
    const retried = await request(server.sent, 3);
    expect(retried.key).toBe(failing.entry.key);
    retried.reject(serverError("Still negative"));
    await vi.waitFor(() => expect(outbox.entries()[0]?.error?.message).toBe("Still negative"));
    // Discarded, it lets the held entry go.
    await outbox.discard(failing.entry.id);
    const released = await request(server.sent, 4);
    expect(released.params.args).toEqual([[1], { note: "after" }]);
    released.resolve(true);
    await expect(held).resolves.toBe(true);
    expect(outbox.entries()).toEqual([]);
  });

  test("an entry sent at once that the server refuses is removed, and its promise rejects with the server's error", async () => {
    const factory = new IDBFactory();
    const server = fakeServer();
    const { outbox, store } = await page(factory, server);
    const call = keep(outbox, "sale.order", "unlink", [[9]]);
    (await request(server.sent, 0)).reject(serverError("You cannot delete a confirmed order", "odoo.exceptions.UserError"));
    const error = await call.catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(RPCError);
    expect((error as RPCError).userMessage).toBe("You cannot delete a confirmed order");
    expect(outbox.entries()).toEqual([]);
    expect(await store.list("admin|demo")).toEqual([]);
  });

  test("discarding a waiting entry rejects its promise with OutboxDiscardedError and it is never sent", async () => {
    const factory = new IDBFactory();
    const server = fakeServer();
    server.monitor.state = "lost";
    const { outbox } = await page(factory, server);
    const call = keep(outbox, "sale.order", "write", [[3], { note: "x" }]);
    await vi.waitFor(() => expect(outbox.entries()).toHaveLength(1));
    await outbox.discard(call.entry.id);
    await expect(call).rejects.toBeInstanceOf(OutboxDiscardedError);
    server.restore();
    await outbox.sync();
    expect(server.sent).toEqual([]);
  });

  test("entries belong to their user: another user's page neither shows nor sends them", async () => {
    const factory = new IDBFactory();
    const server = fakeServer();
    server.monitor.state = "lost";
    const admin = await page(factory, server, "admin|demo");
    keep(admin.outbox, "sale.order", "write", [[1], { note: "admin's" }]);
    await vi.waitFor(() => expect(admin.outbox.entries()).toHaveLength(1));
    admin.outbox.stop();
    const demo = await page(factory, server, "demo|demo");
    expect(demo.outbox.entries()).toEqual([]);
    server.restore();
    await demo.outbox.sync();
    expect(server.sent).toEqual([]);
  });

  test("a page started before its user is known shows and sends that user's entries once they are", async () => {
    const factory = new IDBFactory();
    const server = fakeServer();
    server.monitor.state = "lost";
    const before = await page(factory, server, "admin|demo");
    const kept = keep(before.outbox, "sale.order", "write", [[1], { note: "kept" }]);
    await vi.waitFor(() => expect(before.outbox.entries()).toHaveLength(1));
    before.outbox.stop();
    // A reload: the line starts while no one is signed in yet, then the session names the user.
    let owner = "";
    vi.spyOn(browser, "indexedDB", "get").mockReturnValue(factory);
    const bus = new EventBus();
    const changes: number[] = [];
    bus.addEventListener("OUTBOX:CHANGED", (ev) => changes.push((ev as CustomEvent<{ entries: unknown[] }>).detail.entries.length));
    let ownerChanged = () => {};
    const ownerChanges = (listener: () => void) => {
      ownerChanged = listener;
      return () => undefined;
    };
    const outbox = new Outbox({ rpc: server.rpc, bus, store: new OutboxStore(), owner: () => owner, monitor: server.monitor, ownerChanges });
    await outbox.start();
    expect(outbox.entries()).toEqual([]);
    // The session announces the user.
    owner = "admin|demo";
    ownerChanged();
    await vi.waitFor(() => expect(outbox.entries().map((entry) => entry.key)).toEqual([kept.entry.key]));
    expect(changes.at(-1)).toBe(1);
    server.restore();
    (await request(server.sent, 0)).resolve(true);
    await vi.waitFor(() => expect(outbox.entries()).toEqual([]));
    expect(server.sent.map((sent) => sent.key)).toEqual([kept.entry.key]);
    outbox.stop();
  });

  test("refuses at the call (it throws) what JSON cannot carry, naming the path, and keeps nothing", async () => {
    const factory = new IDBFactory();
    const server = fakeServer();
    const { outbox, store } = await page(factory, server);
    expect(() => keep(outbox, "sale.order", "write", [[1], { when: new Map() }])).toThrow(RPCParamsError);
    expect(() => keep(outbox, "sale.order", "write", [[1], { when: new Map() }])).toThrow("params.args[1].when");
    expect(() => keep(outbox, "Sale Order", "write", [[1], {}])).toThrow('outbox.call: model must be a model name such as "sale.order", got "Sale Order"; nothing was kept');
    expect(await store.list("admin|demo")).toEqual([]);
    expect(server.sent).toEqual([]);
  });

  test("where IndexedDB cannot keep writes, they are sent at once with one warning, and refused while the server is away", async () => {
    const server = fakeServer();
    const broken = { open: () => { throw new DOMException("The user denied permission to access the database.", "UnknownError"); } } as unknown as IDBFactory;
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    vi.spyOn(browser, "indexedDB", "get").mockReturnValue(broken);
    const outbox = new Outbox({ rpc: server.rpc, bus: new EventBus(), store: new OutboxStore(), owner: () => "admin|demo", monitor: server.monitor });
    const online = keep(outbox, "sale.order", "write", [[1], { note: "sent at once" }]);
    const sent = await request(server.sent, 0);
    expect(sent.key).toBe(online.entry.key);
    sent.resolve(true);
    await expect(online).resolves.toBe(true);
    keep(outbox, "sale.order", "write", [[2], { note: "again" }]);
    (await request(server.sent, 1)).resolve(true);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain("the outbox cannot keep writes on this page");
    server.monitor.state = "lost";
    await expect(keep(outbox, "sale.order", "write", [[3], {}])).rejects.toThrow("could not be kept (The user denied permission to access the database.) and the server is away; nothing was sent or kept");
    expect(server.sent).toHaveLength(2);
  });

  test("two tabs: one sends at a time, each entry is sent once, and each caller gets its answer whichever tab sent it", async () => {
    // Web Locks as a browser gives them: one holder at a time, the others queued in order.
    let tail: Promise<unknown> = Promise.resolve();
    const locks = {
      request: (_name: string, callback: () => Promise<void>) => {
        const run = tail.then(callback);
        tail = run.catch(() => undefined);
        return run;
      },
    } as unknown as LockManager;
    vi.spyOn(browser, "locks", "get").mockReturnValue(locks);
    const factory = new IDBFactory();
    const server = fakeServer();
    const channel = `outbox-test-${Math.random()}`;
    const tab1 = await page(factory, server, "admin|demo", channel);
    const tab2 = await page(factory, server, "admin|demo", channel);
    const fromTab1 = keep(tab1.outbox, "sale.order", "write", [[1], { note: "tab 1" }]);
    const fromTab2 = keep(tab2.outbox, "sale.order", "write", [[2], { note: "tab 2" }]);
    // Both tabs show both entries.
    await vi.waitFor(() => expect(tab2.outbox.entries().map((entry) => entry.id).sort()).toEqual([fromTab1.entry.id, fromTab2.entry.id].sort()));
    await vi.waitFor(() => expect(tab1.outbox.entries()).toHaveLength(2));
    for (let i = 0; i < 2; i++) (await request(server.sent, i)).resolve(`applied ${server.sent[i]!.params.args[1] && (server.sent[i]!.params.args[1] as { note: string }).note}`);
    await expect(fromTab1).resolves.toBe("applied tab 1");
    await expect(fromTab2).resolves.toBe("applied tab 2");
    await tab1.outbox.sync();
    await tab2.outbox.sync();
    expect(server.sent.map((sent) => sent.key).sort()).toEqual([fromTab1.entry.key, fromTab2.entry.key].sort());
    await vi.waitFor(() => expect([tab1.outbox.entries(), tab2.outbox.entries()]).toEqual([[], []]));
    tab1.outbox.stop();
    tab2.outbox.stop();
  });

  test("a stopped outbox sends nothing more; its entries stay stored", async () => {
    const factory = new IDBFactory();
    const server = fakeServer();
    server.monitor.state = "lost";
    const { outbox, store } = await page(factory, server);
    keep(outbox, "sale.order", "write", [[1], { note: "kept" }]);
    await vi.waitFor(() => expect(outbox.entries()).toHaveLength(1));
    outbox.stop();
    server.restore();
    await outbox.sync();
    expect(server.sent).toEqual([]);
    // Its database was closed at stop: read with a store of its own.
    const reopened = new OutboxStore();
    expect(await reopened.list("admin|demo")).toHaveLength(1);
    expect(store).not.toBe(reopened);
    reopened.close();
  });

  test("two tabs without Web Locks elect one sender over their channel: each entry is sent once, and each caller gets its answer", async () => {
    // A claim window long enough for a loaded machine to deliver the other tab's claim.
    const { server, tab1, tab2 } = await tabsWithoutLocks({ lease: 3000, claim: 400 });
    const calls = [keep(tab1.outbox, "sale.order", "write", [[1], { note: "tab 1" }]), keep(tab2.outbox, "sale.order", "write", [[2], { note: "tab 2" }])];
    const answered = Promise.all(calls);
    // Answered one at a time: while a send is unanswered no other request may go out.
    for (let i = 0; i < 2; i++) {
      const sent = await request(server.sent, i);
      expect(server.sent).toHaveLength(i + 1);
      sent.resolve(`applied ${(sent.params.args[1] as { note: string }).note}`);
    }
    await expect(answered).resolves.toEqual(["applied tab 1", "applied tab 2"]);
    await tab1.outbox.sync();
    await tab2.outbox.sync();
    expect(server.sent.map((sent) => sent.key).sort()).toEqual(calls.map((call) => call.entry.key).sort());
    tab1.outbox.stop();
    tab2.outbox.stop();
  });

  test("without Web Locks, a sending tab that closes mid-send leaves its entry to the other tab, which sends it again with its key", async () => {
    const { server, tab1, tab2 } = await tabsWithoutLocks({ lease: 1500, claim: 400 });
    const call = keep(tab1.outbox, "sale.order", "write", [[1], { note: "cut off" }]);
    call.catch(() => undefined);
    await request(server.sent, 0);
    // The tab closes with its write unanswered; the other tab has heard of the entry.
    await vi.waitFor(() => expect(tab2.outbox.entries()).toHaveLength(1));
    tab1.outbox.stop();
    void tab2.outbox.sync();
    const again = await request(server.sent, 1);
    expect(again.key).toBe(call.entry.key);
    again.resolve(true);
    await vi.waitFor(() => expect(tab2.outbox.entries()).toEqual([]));
    tab2.outbox.stop();
  });
});
