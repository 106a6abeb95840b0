/**
 * The "disk" cache: IndexedDB entries that survive a reload, dropped whole when the version
 * changes. Every failure (no IndexedDB, quota, private mode, a closing database) rejects; the
 * read cache then keeps to memory.
 */
import { browser } from "../../../browser.js";

const DB_NAME = "owl-services-cache";
/**
 * How long opening the database may take before the cache gives up on the disk for this page and
 * asks the server: an open waits for every other tab to close an older version of the database.
 */
export const DISK_OPEN_TIMEOUT = 1000;
const ENTRIES = "entries";
const META = "meta";

export interface DiskEntry {
  key: string;
  tag: string;
  json: string;
  storedAt: number;
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB request failed"));
  });
}

function committed(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error("IndexedDB transaction failed"));
    transaction.onabort = () => reject(transaction.error ?? new Error("IndexedDB transaction aborted"));
  });
}

export class DiskStore {
  private readonly db: Promise<IDBDatabase>;

  constructor(version: string) {
    this.db = DiskStore.open(version);
  }

  private static async open(version: string): Promise<IDBDatabase> {
    const factory = browser.indexedDB;
    if (!factory) throw new Error("this page has no IndexedDB");
    const request = factory.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore(ENTRIES, { keyPath: "key" }).createIndex("tag", "tag");
      db.createObjectStore(META, { keyPath: "name" });
    };
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
    // Another tab needs a new version: close, so it is not blocked (this page's next disk use fails and keeps to memory).
    db.onversionchange = () => db.close();
    // Another version of the app wrote these entries: they may not fit this one's code any more.
    const transaction = db.transaction([ENTRIES, META], "readwrite");
    const meta = (await done(transaction.objectStore(META).get("version"))) as { value?: string } | undefined;
    if (meta?.value !== version) {
      transaction.objectStore(ENTRIES).clear();
      transaction.objectStore(META).put({ name: "version", value: version });
    }
    await committed(transaction);
    return db;
  }

  async get(key: string): Promise<DiskEntry | undefined> {
    const db = await this.db;
    return (await done(db.transaction(ENTRIES, "readonly").objectStore(ENTRIES).get(key))) as DiskEntry | undefined;
  }

  async put(entry: DiskEntry): Promise<void> {
    const db = await this.db;
    const transaction = db.transaction(ENTRIES, "readwrite");
    transaction.objectStore(ENTRIES).put(entry);
    await committed(transaction);
  }

  /** Deletes the entries filed under `tag`, or all of them. */
  async delete(tag: string | undefined): Promise<void> {
    const db = await this.db;
    const transaction = db.transaction(ENTRIES, "readwrite");
    const store = transaction.objectStore(ENTRIES);
    if (tag === undefined) {
      store.clear();
    } else {
      const keys = await done(store.index("tag").getAllKeys(tag));
      for (const key of keys) store.delete(key);
    }
    await committed(transaction);
  }

  async close(): Promise<void> {
    (await this.db).close();
  }
}
