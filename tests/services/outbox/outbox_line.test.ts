/** The outbox's line where storage fails after the server applied, where sync races its end, and when it stops. */
import { EventBus } from "@odoo/owl";
import { IDBDatabase as FakeIDBDatabase, IDBFactory } from "fake-indexeddb";
import { afterEach, describe, expect, test, vi } from "vitest";
import { browser } from "../../../src/browser";
import { Outbox } from "../../../src/services/outbox/outbox";
import { OutboxStore } from "../../../src/services/outbox/outbox_store";
import { OutboxTabs } from "../../../src/services/outbox/outbox_tabs";
import { makeEntry } from "../../../src/services/outbox/outbox_entry";
import { settle } from "../../helpers";
import { fakeServer, keep, page, request } from "./outbox_helpers";

afterEach(() => vi.restoreAllMocks());

describe("the outbox's line", () => {
  test("settles an applied entry once and never sends it again when storing a later entry's real id fails", async () => {
    const server = fakeServer();
    const { outbox, store } = await page(new IDBFactory(), server);
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const create = keep(outbox, "sale.order", "create", [[{ name: "new" }]]);
    const confirm = keep(outbox, "sale.order", "action_confirm", [[create.entry.virtualId!]]);
    const first = await request(server.sent, 0);
    await vi.waitFor(() => expect(outbox.entries()).toHaveLength(2));
    // The server applies the create; storing the confirm with the real id then fails.
    vi.spyOn(store, "put").mockRejectedValueOnce(new DOMException("The quota has been exceeded.", "QuotaExceededError"));
    first.resolve([42]);
    await expect(create).resolves.toEqual([42]);
    const second = await request(server.sent, 1);
    expect(second.params.method).toBe("action_confirm");
    expect(second.params.args).toEqual([[42]]);
    second.resolve(true);
    await expect(confirm).resolves.toBe(true);
    await settle();
    expect(server.sent.map((sent) => sent.key)).toEqual([create.entry.key, confirm.entry.key]);
  });

  test("a sync() right after the line's last check sends what it finds", async () => {
    const factory = new IDBFactory();
    const server = fakeServer();
    const { outbox } = await page(factory, server);
    // Another tab stores an entry while this tab's round runs, after this round read the store.
    const other = new OutboxStore();
    const theirs = makeEntry("admin|demo", "sale.order", "write", [[7], { note: "from the other tab" }], {});
    const exclusively = OutboxTabs.prototype.exclusively;
    let late: Promise<void> | undefined;
    vi.spyOn(OutboxTabs.prototype, "exclusively").mockImplementationOnce(function (this: OutboxTabs, send) {
      const round = exclusively.call(this, async () => {
        await send();
        await other.add(theirs);
      });
      // Runs just after the line resumed from this round (and found nothing more to do).
      void Promise.resolve().then(() => round.then(() => (late = outbox.sync())));
      return round;
    });
    await outbox.sync();
    await vi.waitFor(() => expect(late).toBeDefined());
    const sentOrEnded = await Promise.race([late!.then(() => "ended"), request(server.sent, 0).then(() => "sent")]);
    expect(sentOrEnded).toBe("sent");
    expect(server.sent[0]!.key).toBe(theirs.key);
    server.sent[0]!.resolve(true);
    other.close();
  });

  test("stop() closes the outbox's IndexedDB database", async () => {
    const close = vi.spyOn(FakeIDBDatabase.prototype, "close");
    const { outbox } = await page(new IDBFactory(), fakeServer());
    expect(close).not.toHaveBeenCalled();
    outbox.stop();
    await vi.waitFor(() => expect(close).toHaveBeenCalledTimes(1));
  });

  test("entries() only reads: a change of user is followed through the owner changes it is given", async () => {
    const factory = new IDBFactory();
    vi.spyOn(browser, "indexedDB", "get").mockReturnValue(factory);
    const server = fakeServer();
    const before = new OutboxStore();
    const kept = makeEntry("demo|6", "sale.order", "write", [[3], { note: "demo's" }], {});
    await before.add({ ...kept, waited: true });
    before.close();
    let owner = "admin|2";
    const listeners = new Set<() => void>();
    const store = new OutboxStore();
    const list = vi.spyOn(store, "list");
    const outbox = new Outbox({
      rpc: server.rpc,
      bus: new EventBus(),
      store,
      owner: () => owner,
      monitor: server.monitor,
      ownerChanges: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    });
    await outbox.start();
    const reads = list.mock.calls.length;
    owner = "demo|6";
    expect(outbox.entries()).toEqual([]);
    await settle();
    expect(list.mock.calls.length).toBe(reads);
    expect(server.sent).toEqual([]);
    // The session says the user changed: demo's entry is read and sent.
    for (const listener of listeners) listener();
    const sent = await request(server.sent, 0);
    expect(sent.key).toBe(kept.key);
    expect(outbox.entries().map((entry) => entry.id)).toEqual([kept.id]);
    sent.resolve(true);
    await vi.waitFor(() => expect(outbox.entries()).toEqual([]));
    outbox.stop();
    expect(listeners.size).toBe(0);
  });
});

describe("the outbox's tabs channel", () => {
  test("a message posted after close is dropped, not thrown (an entry stored after its tab stopped)", () => {
    const tabs = new OutboxTabs(`outbox-closed-${Math.random()}`, () => undefined);
    tabs.close();
    expect(() => tabs.post({ type: "changed" })).not.toThrow();
  });
});

describe("the outbox's owner set by the app", () => {
  test("sync() after the owner changed with no session announcement, the server away, lists the new owner's entries and tells OUTBOX:CHANGED", async () => {
    const factory = new IDBFactory();
    vi.spyOn(browser, "indexedDB", "get").mockReturnValue(factory);
    const server = fakeServer();
    const before = new OutboxStore();
    await before.add({ ...makeEntry("demo|6", "sale.order", "write", [[3], { note: "demo's" }], {}), waited: true });
    before.close();
    // An app that names its user in config.orm.context (a remembered user, offline): no session event.
    let owner = "";
    const bus = new EventBus();
    const heard: number[] = [];
    bus.addEventListener("OUTBOX:CHANGED", (event) => heard.push((event as CustomEvent<{ entries: unknown[] }>).detail.entries.length));
    const outbox = new Outbox({ rpc: server.rpc, bus, store: new OutboxStore(), owner: () => owner, monitor: server.monitor });
    await outbox.start();
    expect(outbox.entries()).toEqual([]);
    owner = "demo|6";
    // Reloaded with the server away: nothing can be sent, and the indicator must still hear of the entries.
    server.monitor.state = "lost";
    void outbox.sync();
    await vi.waitFor(() => expect(outbox.entries().map((entry) => entry.method)).toEqual(["write"]));
    await vi.waitFor(() => expect(heard.at(-1)).toBe(1));
    expect(server.sent).toEqual([]);
    outbox.stop();
  });
});
