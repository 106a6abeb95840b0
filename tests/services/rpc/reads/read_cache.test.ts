/** The disk part of the read cache when IndexedDB misbehaves, and when its env stops (fake-indexeddb). */
import { IDBFactory } from "fake-indexeddb";
import { afterEach, describe, expect, onTestFinished, test, vi } from "vitest";
import { browser } from "../../../../src/browser";
import { stopServices } from "../../../../src/env";
import { ormService } from "../../../../src/services/orm/orm_service";
import type { ORM } from "../../../../src/services/orm/orm_types";
import { DISK_OPEN_TIMEOUT, DiskStore } from "../../../../src/services/rpc/reads/disk_store";
import { ConnectionAbortedError } from "../../../../src/services/rpc/errors";
import { getReadCache } from "../../../../src/services/rpc/rpc_service";
import { settle, watchTimers } from "../../../helpers";
import { setupRPC } from "../rpc_helpers";

const COUNT = "/web/dataset/call_kw/sale.order/search_count";

/**
 * An IndexedDB whose open requests never answer (another tab holds an older version open);
 * `blocked()` says so. A disk store opens two databases: its entries' and its keys'.
 */
function stuckIndexedDB() {
  const requests: { name: string; onblocked: (() => void) | null }[] = [];
  const factory = {
    open: (name: string) => {
      const request = { name, onblocked: null, onsuccess: null, onerror: null, onupgradeneeded: null, result: undefined, error: null };
      requests.push(request);
      return request;
    },
  } as unknown as IDBFactory;
  return { factory, requests, blocked: () => requests.forEach((request) => {
    request.onblocked?.();
  }) };
}

async function page(answer: () => unknown) {
  const ctx = await setupRPC({ [COUNT]: () => ({ result: answer() }), "/web/dataset/call_kw/sale.order/write": () => ({ result: true }) }, {}, { orm: ormService });
  onTestFinished(() => getReadCache(ctx.rpc)?.close());
  const orm = ctx.env.services.orm as ORM;
  return { ...ctx, orm, disk: orm.cache({ type: "disk" }) };
}

afterEach(() => vi.restoreAllMocks());

describe("the disk cache", () => {
  test("falls back to the server when IndexedDB does not open within DISK_OPEN_TIMEOUT, with one warning", async () => {
    const stuck = stuckIndexedDB();
    vi.spyOn(browser, "indexedDB", "get").mockReturnValue(stuck.factory);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const timers = watchTimers();
    const tab = await page(() => 7);
    const read = tab.disk.searchCount("sale.order", []);
    await vi.waitFor(() => expect(stuck.requests.map((request) => request.name)).toEqual(["owl-services-cache", "owl-services-cache-key"]));
    expect(timers.delays).toContain(DISK_OPEN_TIMEOUT);
    timers.fire(DISK_OPEN_TIMEOUT);
    await expect(read).resolves.toBe(7);
    expect(tab.server.requestsTo(COUNT)).toHaveLength(1);
    expect(warn.mock.calls).toEqual([[`owl-services: the disk cache is unavailable (IndexedDB did not open within ${DISK_OPEN_TIMEOUT} ms); cached reads stay in memory for this page.`]]);
    // Memory only from then on: the next read is answered there, without another open.
    await expect(tab.disk.searchCount("sale.order", [])).resolves.toBe(7);
    expect(stuck.requests).toHaveLength(2);
  });

  test("falls back at once when the open is blocked by another tab", async () => {
    const stuck = stuckIndexedDB();
    vi.spyOn(browser, "indexedDB", "get").mockReturnValue(stuck.factory);
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const tab = await page(() => 3);
    const read = tab.disk.searchCount("sale.order", []);
    await vi.waitFor(() => expect(stuck.requests.map((request) => request.name)).toEqual(["owl-services-cache", "owl-services-cache-key"]));
    stuck.blocked();
    await expect(read).resolves.toBe(3);
  });

  test("a read waiting for the disk when its env stops ends as calls in flight do: nothing is sent, nothing is warned", async () => {
    const stuck = stuckIndexedDB();
    vi.spyOn(browser, "indexedDB", "get").mockReturnValue(stuck.factory);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const timers = watchTimers();
    const tab = await page(() => 1);
    const read = tab.disk.searchCount("sale.order", []);
    await vi.waitFor(() => expect(stuck.requests.map((request) => request.name)).toEqual(["owl-services-cache", "owl-services-cache-key"]));
    await stopServices(tab.env);
    timers.fire(DISK_OPEN_TIMEOUT);
    await expect(read).rejects.toBeInstanceOf(ConnectionAbortedError);
    await settle();
    expect(tab.server.requests).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });

  test("after a failed disk write, a write still drops the entries on disk: a reload never serves them", async () => {
    const factory = new IDBFactory();
    vi.spyOn(browser, "indexedDB", "get").mockReturnValue(factory);
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    let answer = 1;
    const put = vi.spyOn(DiskStore.prototype, "put");
    const first = await page(() => answer);
    expect(await first.disk.searchCount("sale.order", [])).toBe(1);
    // The entry reaches the disk: a new page reads it from there.
    await vi.waitFor(() => expect(put).toHaveBeenCalledTimes(1));
    await put.mock.results[0]!.value;
    const check = await page(() => answer);
    expect(await check.disk.searchCount("sale.order", [])).toBe(1);
    expect(check.server.requests).toEqual([]);
    // The disk refuses a write (quota): this page keeps to memory from then on.
    vi.spyOn(DiskStore.prototype, "put").mockRejectedValueOnce(new DOMException("The quota has been exceeded.", "QuotaExceededError"));
    await first.disk.searchCount("sale.order", [["state", "=", "sale"]]);
    await vi.waitFor(() => expect(console.warn).toHaveBeenCalledTimes(1));
    answer = 2;
    await first.orm.write("sale.order", [1], { name: "changed" });
    // A reload: the stale entry is gone from the disk, so the server answers.
    await vi.waitFor(async () => {
      const reloaded = await page(() => answer);
      expect(await reloaded.disk.searchCount("sale.order", [])).toBe(2);
      expect(reloaded.server.requestsTo(COUNT)).toHaveLength(1);
    });
  });
});
