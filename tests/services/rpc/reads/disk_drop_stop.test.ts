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
  const put = vi.spyOn(DiskStore.prototype, "put");
  await env.services.orm.cache({ type: "disk" }).searchRead("sale.order", [], ["name"]);
  await expect.poll(() => put.mock.results.length).toBe(1);
  await put.mock.results[0]!.value;
  // The disk's delete is held: the drop has started and not ended.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const original = DiskStore.prototype.delete;
  const deletes = vi.spyOn(DiskStore.prototype, "delete").mockImplementation(async function (this: DiskStore, tag) {
    await held;
    return original.call(this, tag);
  });
  await env.services.orm.write("sale.order", [1], { name: "changed" });
  await expect.poll(() => deletes.mock.calls.length).toBeGreaterThan(0);
  let stopped = false;
  const stopping = stopServices(env).then(() => (stopped = true));
  // Given every chance to end early: a stop that does not wait for the drop would be done by now.
  for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
  expect(stopped).toBe(false);
  release();
  await stopping;
  expect(stopped).toBe(true);
});
