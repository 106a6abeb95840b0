/** What the disk cache leaves on disk: sealed answers and digests, keys kept apart or never stored (fake-indexeddb). */
import { IDBFactory } from "fake-indexeddb";
import { afterEach, describe, expect, onTestFinished, test, vi } from "vitest";
import { browser } from "../../../../src/browser";
import type { Config } from "../../../../src/env";
import { ormService } from "../../../../src/services/orm/orm_service";
import type { ORM } from "../../../../src/services/orm/orm_types";
import { DiskStore } from "../../../../src/services/rpc/reads/disk_store";
import { getReadCache } from "../../../../src/services/rpc/rpc_service";
import { setupRPC } from "../rpc_helpers";

const ROUTE = "/web/dataset/call_kw/res.partner/search_read";
const SECRET_A = "a-per-user-secret-from-the-server";
const SECRET_B = "another-users-secret-from-the-server";

async function page(factory: IDBFactory, answer: () => unknown, config: Config = {}) {
  vi.spyOn(browser, "indexedDB", "get").mockReturnValue(factory);
  const ctx = await setupRPC({ [ROUTE]: () => ({ result: answer() }) }, config, { orm: ormService });
  onTestFinished(() => getReadCache(ctx.rpc)?.close());
  const orm = ctx.env.services.orm as ORM;
  const read = () => orm.cache({ type: "disk" }).searchRead("res.partner", [["name", "ilike", "Azure"]], ["name", "email"]);
  return { ...ctx, read };
}

/** Waits until every disk write this test made has reached the disk. */
async function written(put: { mock: { results: { value: unknown }[] } }, count: number) {
  await vi.waitFor(() => expect(put.mock.results).toHaveLength(count));
  await Promise.all(put.mock.results.map((result) => result.value));
}

/** A first page, with `secret`'s keys, reads `answer` and has it written to the disk; the put spy counts later writes. */
async function storedBy(factory: IDBFactory, secret: string, answer: unknown) {
  const put = vi.spyOn(DiskStore.prototype, "put");
  const first = await page(factory, () => answer, { rpc: { cacheSecret: () => secret } });
  await first.read();
  await written(put, 1);
  return { put };
}

/** Every record of every store of `name`, as text (bytes as numbers), to search for clear text. */
async function dump(factory: IDBFactory, name: string): Promise<{ stores: string[]; text: string; records: unknown[] }> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = factory.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const stores = [...db.objectStoreNames];
  const records: unknown[] = [];
  for (const store of stores) {
    const all = await new Promise<unknown[]>((resolve) => {
      const request = db.transaction(store).objectStore(store).getAll();
      request.onsuccess = () => resolve(request.result);
    });
    records.push(...all);
  }
  db.close();
  const text = JSON.stringify(records, (_key, value: unknown) =>
    value instanceof ArrayBuffer ? [...new Uint8Array(value)] : ArrayBuffer.isView(value) ? [...new Uint8Array(value.buffer)] : value,
  );
  return { stores, text, records };
}

afterEach(() => vi.restoreAllMocks());

describe("the disk cache's sealing", () => {
  test("stores no route, param, model name or answer in clear, and no key beside the entries", async () => {
    const factory = new IDBFactory();
    const put = vi.spyOn(DiskStore.prototype, "put");
    const tab = await page(factory, () => [{ id: 7, name: "Azure Interior", email: "azure.interior24@example.com" }]);
    await expect(tab.read()).resolves.toEqual([{ id: 7, name: "Azure Interior", email: "azure.interior24@example.com" }]);
    await written(put, 1);
    const entries = await dump(factory, "owl-services-cache");
    expect(entries.stores).toEqual(["entries", "meta"]);
    expect(entries.records).toHaveLength(2); // the entry, and the version it was kept for
    for (const clear of ["Azure", "azure", "res.partner", "search_read", "ilike", "email"]) expect(entries.text).not.toContain(clear);
    expect(entries.records.some((record) => record instanceof CryptoKey)).toBe(false);
    // The keys live in a database of their own, as non-extractable CryptoKeys.
    const keys = await dump(factory, "owl-services-cache-key");
    const stored = keys.records[0] as { seal: CryptoKey; name: CryptoKey };
    expect([stored.seal.extractable, stored.name.extractable]).toEqual([false, false]);
    expect(stored.seal.algorithm.name).toBe("AES-GCM");
    // And the entry still serves a reload.
    const reloaded = await page(factory, () => "the server");
    await expect(reloaded.read()).resolves.toEqual([{ id: 7, name: "Azure Interior", email: "azure.interior24@example.com" }]);
    expect(reloaded.server.requests).toEqual([]);
  });

  test("with config.rpc.cacheSecret, keys are derived from it and nothing key-like is stored; another secret cannot read the entries", async () => {
    const factory = new IDBFactory();
    const open = vi.spyOn(factory, "open");
    const { put } = await storedBy(factory, SECRET_A, ["first user's answer"]);
    expect(open.mock.calls.map(([name]) => name)).toEqual(["owl-services-cache"]);
    // The same secret (a reload of the same user) reads it back.
    const same = await page(factory, () => "the server", { rpc: { cacheSecret: async () => SECRET_A } });
    await expect(same.read()).resolves.toEqual(["first user's answer"]);
    expect(same.server.requests).toEqual([]);
    // Another secret (another user): the entry cannot be found or opened, the server answers.
    const other = await page(factory, () => ["second answer"], { rpc: { cacheSecret: () => SECRET_B } });
    await expect(other.read()).resolves.toEqual(["second answer"]);
    expect(other.server.requestsTo(ROUTE)).toHaveLength(1);
    await written(put, 2);
    expect((await dump(factory, "owl-services-cache")).records).toHaveLength(3);
  });

  test("an invalidation (as a write makes) drops its model's entries on disk, whoever's keys sealed them", async () => {
    const factory = new IDBFactory();
    await storedBy(factory, SECRET_A, ["first user's answer"]);
    const other = await page(factory, () => ["unused"], { rpc: { cacheSecret: () => SECRET_B } });
    other.env.services.orm.invalidate("res.partner");
    await vi.waitFor(async () => expect((await dump(factory, "owl-services-cache")).records).toHaveLength(1)); // the version only
  });

  test("an entry altered on disk is not served: the server answers", async () => {
    const factory = new IDBFactory();
    await storedBy(factory, SECRET_A, ["true answer"]);
    // Flip one byte of the sealed answer, as something with access to the profile could.
    const db = await new Promise<IDBDatabase>((resolve) => {
      const request = factory.open("owl-services-cache");
      request.onsuccess = () => resolve(request.result);
    });
    await new Promise<void>((resolve) => {
      const store = db.transaction("entries", "readwrite").objectStore("entries");
      const cursor = store.openCursor();
      cursor.onsuccess = () => {
        const entry = cursor.result!.value as { sealed: { data: ArrayBuffer } };
        new Uint8Array(entry.sealed.data)[0]! ^= 1;
        cursor.result!.update(entry).onsuccess = () => resolve();
      };
    });
    db.close();
    const reloaded = await page(factory, () => ["from the server"], { rpc: { cacheSecret: () => SECRET_A } });
    await expect(reloaded.read()).resolves.toEqual(["from the server"]);
  });

  test("a cacheSecret too short to be a secret keeps the cache in memory, with a warning that says why", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const tab = await page(new IDBFactory(), () => ["answer"], { rpc: { cacheSecret: () => "uid-7" } });
    await expect(tab.read()).resolves.toEqual(["answer"]);
    await vi.waitFor(() =>
      expect(warn.mock.calls).toEqual([
        ["owl-services: the disk cache is unavailable (config.rpc.cacheSecret must give a string of at least 16 characters, got 5 characters); cached reads stay in memory for this page."],
      ]),
    );
  });

  test("refuses a cacheSecret that is not a function, naming it", async () => {
    await expect(setupRPC({}, { rpc: { cacheSecret: "a-secret-given-as-a-string" as never } })).rejects.toThrow(
      "config.rpc.cacheSecret must be a function that gives the secret, got string",
    );
  });
});
