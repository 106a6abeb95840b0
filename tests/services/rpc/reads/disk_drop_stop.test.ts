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
import { getReadCache } from "../../../../src/services/rpc/rpc_service";
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
  let asked = 0;
  const dropStarted = new Promise<void>((resolve) => {
    // The disk's delete is asked for, and its work held until released: the drop has started and not
    // ended, and its transaction is not made yet (as on a loaded machine, where the tag's digest
    // before it takes a while).
    vi.spyOn(DiskStore.prototype, "delete").mockImplementation(async function (this: DiskStore, tag) {
      asked++;
      resolve();
      await held;
      await drop.call(this, tag);
      events.push("drop ended");
    });
  });
  await env.services.orm.cache({ type: "disk" }).searchRead("sale.order", [], ["name"]);
  await stored;
  await env.services.orm.write("sale.order", [1], { name: "changed" });
  await dropStarted;
  const stopping = stopServices(env).then(() => events.push("stopped"));
  // Released at once: a stop that did not wait for the drop ends first (the drop is IndexedDB's
  // work, in later tasks; the stop's own is promises), and one that closed the database under it
  // made it fail (what the write dropped would then still be on disk).
  release();
  await stopping;
  // Each drop the write asked for (its start's and its end's) ended, then the stop.
  expect(asked).toBeGreaterThan(0);
  expect(events).toEqual([...Array<string>(asked).fill("drop ended"), "stopped"]);
});

test("stopServices ends only once a logout's disk delete has ended", async () => {
  vi.spyOn(browser, "indexedDB", "get").mockReturnValue(new IDBFactory());
  const { env, rpc } = await setupRPC({ "/web/dataset/call_kw/sale.order/search_read": () => ({ result: [{ id: 1 }] }) }, { orm: { context: { uid: 2 } } }, { orm: ormService });
  const events: string[] = [];
  const { put, deleteOwner } = DiskStore.prototype;
  const stored = new Promise<void>((resolve) => {
    vi.spyOn(DiskStore.prototype, "put").mockImplementation(async function (this: DiskStore, entry) {
      await put.call(this, entry);
      resolve();
    });
  });
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const asked = new Promise<void>((resolve) => {
    // The logout's delete is asked for, and its work held until released (its transaction not made yet).
    vi.spyOn(DiskStore.prototype, "deleteOwner").mockImplementation(async function (this: DiskStore, owner) {
      resolve();
      await held;
      await deleteOwner.call(this, owner);
      events.push("delete ended");
    });
  });
  await env.services.orm.cache({ type: "disk" }).searchRead("sale.order", [], ["name"]);
  await stored;
  const forgetting = getReadCache(rpc)!.forgetCurrentUser();
  await asked;
  const stopping = stopServices(env).then(() => events.push("stopped"));
  release();
  await Promise.all([stopping, forgetting]);
  expect(events).toEqual(["delete ended", "stopped"]);
});
