/**
 * A write drops its model's answers on disk too; the env's stop waits for that drop, so a reload
 * right after it never reads an answer from before the write (found by the disk fault suite: a get
 * that failed made the drop open a store of its own, and the page stopped before it ended).
 */
import { IDBFactory } from "fake-indexeddb";
import { afterEach, expect, test, vi } from "vitest";
import { browser } from "../../../../src/browser";
import { stopServices } from "../../../../src/env";
import { ormService } from "../../../../src/services/orm/orm_service";
import { DiskStore } from "../../../../src/services/rpc/reads/disk_store";
import { setupRPC } from "../rpc_helpers";

afterEach(() => vi.restoreAllMocks());

test("stopServices ends only once the disk drop a write started has ended", async () => {
  vi.spyOn(browser, "indexedDB", "get").mockReturnValue(new IDBFactory());
  const { env } = await setupRPC(
    {
      "/web/dataset/call_kw/sale.order/search_read": () => ({ result: [{ id: 1 }] }),
      "/web/dataset/call_kw/sale.order/write": () => ({ result: true }),
    },
    { orm: { context: { uid: 2 } } },
    { orm: ormService },
  );
  // Each step awaited as it happens: the answer stored on disk, the write's drop started.
  const events: string[] = [];
  const { put, delete: drop } = DiskStore.prototype;
  const stored = new Promise<void>((resolve) => {
    vi.spyOn(DiskStore.prototype, "put").mockImplementation(async function (this: DiskStore, entry) {
      await put.call(this, entry);
      resolve();
    });
  });
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const dropStarted = new Promise<void>((resolve) => {
    // The disk's delete is asked for, and its end held until released: the drop has started and not ended.
    vi.spyOn(DiskStore.prototype, "delete").mockImplementation(async function (this: DiskStore, tag) {
      const deleting = drop.call(this, tag);
      resolve();
      await held;
      await deleting;
      events.push("drop ended");
    });
  });
  await env.services.orm.cache({ type: "disk" }).searchRead("sale.order", [], ["name"]);
  await stored;
  await env.services.orm.write("sale.order", [1], { name: "changed" });
  await dropStarted;
  const stopping = stopServices(env).then(() => events.push("stopped"));
  // Released at once: a stop that did not wait for the drop ends first (the drop is IndexedDB's
  // work, in later tasks; the stop's own is promises).
  release();
  await stopping;
  expect(events).toEqual(["drop ended", "stopped"]);
});
