/**
 * The "disk" cache: IndexedDB entries that survive a reload, dropped whole when the version
 * changes. Every failure (no IndexedDB, quota, private mode, a closing database) rejects; the
 * read cache then keeps to memory.
 */
import { browser } from "../../browser.js";

const DB_NAME = "owl-services-cache";
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
    const db = await done(request);
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
