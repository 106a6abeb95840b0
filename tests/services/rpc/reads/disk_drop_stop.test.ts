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

/** An env over a fresh IndexedDB whose orm has read sale.order once, its answer stored on disk (awaited). */
async function envWithStoredRead() {
  vi.spyOn(browser, "indexedDB", "get").mockReturnValue(new IDBFactory());
  const ctx = await setupRPC(
    {
      "/web/dataset/call_kw/sale.order/search_read": () => ({ result: [{ id: 1 }] }),
      "/web/dataset/call_kw/sale.order/write": () => ({ result: true }),
    },
    { orm: { context: { uid: 2 } } },
    { orm: ormService },
  );
  const { put } = DiskStore.prototype;
  const stored = new Promise<void>((resolve) => {
    vi.spyOn(DiskStore.prototype, "put").mockImplementation(async function (this: DiskStore, entry) {
      await put.call(this, entry);
      resolve();
    });
  });
  await ctx.env.services.orm.cache({ type: "disk" }).searchRead("sale.order", [], ["name"]);
  await stored;
  return ctx;
}

/**
 * Holds each call of the disk's `method` before its work starts (its transaction not made yet, as
 * on a loaded machine, where the tag's digest before it takes a while) until `release()`; `asked`
 * resolves at the first call, and each call pushes `ended` to `events` once its work is done.
 */
function holdDisk(method: "delete" | "deleteOwner", ended: string, events: string[]) {
  const original = DiskStore.prototype[method];
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let calls = 0;
  const asked = new Promise<void>((resolve) => {
    vi.spyOn(DiskStore.prototype, method).mockImplementation(async function (this: DiskStore, value: string | undefined) {
      calls++;
      resolve();
      await held;
      await (original as (this: DiskStore, value: string | undefined) => Promise<void>).call(this, value);
      events.push(ended);
    });
  });
  return { asked, release, calls: () => calls };
}

test("stopServices ends only once the disk drop a write started has ended", async () => {
  const { env } = await envWithStoredRead();
  const events: string[] = [];
  const drop = holdDisk("delete", "drop ended", events);
  await env.services.orm.write("sale.order", [1], { name: "changed" });
  await drop.asked;
  const stopping = stopServices(env).then(() => events.push("stopped"));
  // Released at once: a stop that did not wait for the drop ends first (the drop is IndexedDB's
  // work, in later tasks; the stop's own is promises), and one that closed the database under it
  // made it fail (what the write dropped would then still be on disk).
  drop.release();
  await stopping;
  // Each drop the write asked for (its start's and its end's) ended, then the stop.
  expect(drop.calls()).toBeGreaterThan(0);
  expect(events).toEqual([...Array<string>(drop.calls()).fill("drop ended"), "stopped"]);
});

test("stopServices ends only once a logout's disk delete has ended", async () => {
  const { env, rpc } = await envWithStoredRead();
  const events: string[] = [];
  const deleting = holdDisk("deleteOwner", "delete ended", events);
  const forgetting = getReadCache(rpc)!.forgetCurrentUser();
  await deleting.asked;
  const stopping = stopServices(env).then(() => events.push("stopped"));
  deleting.release();
  await Promise.all([stopping, forgetting]);
  expect(events).toEqual(["delete ended", "stopped"]);
});
