/**
 * IndexedDB's requests as promises, and an open that gives up instead of waiting for ever. Its
 * callers hand it their `browser`: the disk cache's chunk imports no module of an app's start
 * (`disk_cache.ts` says why).
 */
import type { Browser } from "./browser.js";

/**
 * How long opening a database may take before the cache gives up on the disk for this page and
 * asks the server: an open waits for every other tab to close an older version of the database.
 */
export const DISK_OPEN_TIMEOUT = 1000;

export function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB request failed"));
  });
}

export function committed(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error("IndexedDB transaction failed"));
    transaction.onabort = () => reject(transaction.error ?? new Error("IndexedDB transaction aborted"));
  });
}

/**
 * Opens `name` at `version` (running `upgrade` when it is new), or rejects within
 * {@link DISK_OPEN_TIMEOUT}, and at once when another tab blocks it. Once open, it closes itself
 * when another tab needs a newer version.
 */
export async function openDatabase(browser: Browser, name: string, version: number, upgrade: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  const factory = browser.indexedDB;
  if (!factory) throw new Error("this page has no IndexedDB");
  const request = factory.open(name, version);
  request.onupgradeneeded = () => upgrade(request.result);
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    let late = false;
    const giveUp = (why: string) => {
      late = true;
      browser.clearTimeout(timer);
      reject(new Error(why));
    };
    const timer = browser.setTimeout(() => giveUp(`IndexedDB did not open within ${DISK_OPEN_TIMEOUT} ms`), DISK_OPEN_TIMEOUT);
    // Another tab keeps an older version open: do not wait for it.
    request.onblocked = () => giveUp("IndexedDB is blocked by another tab");
    request.onsuccess = () => {
      browser.clearTimeout(timer);
      // Opened after all, once this page had given up on it: let the other tabs have it.
      if (late) request.result.close();
      else resolve(request.result);
    };
    request.onerror = () => giveUp(request.error?.message ?? "IndexedDB could not be opened");
  });
  // Another tab needs a new version: close, so it is not blocked (this page's next use fails and keeps to memory).
  db.onversionchange = () => db.close();
  return db;
}
