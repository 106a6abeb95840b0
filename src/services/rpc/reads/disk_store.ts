/**
 * The "disk" cache: IndexedDB entries that survive a reload, dropped whole when the version
 * changes, sealed by `disk_crypto.ts` (nothing of a read is stored in clear). Every failure (no
 * IndexedDB, no Web Crypto, quota, private mode, a closing database) rejects; the read cache then
 * keeps to memory. Loaded on first disk use: apps that never cache on disk do not ship it.
 */
import type { Browser } from "../../../browser.js";
import { committed, done, openDatabase } from "../../../idb.js";
import { diskKeys, digest, seal, tagDigest, unseal, type DiskKeys, type SealedValue } from "./disk_crypto.js";

const DB_NAME = "owl-services-cache";
const ENTRIES = "entries";
const META = "meta";
export { DISK_OPEN_TIMEOUT } from "../../../idb.js";

export interface DiskEntry {
  key: string;
  tag: string;
  /** Whose answer it is (the cache's namespace: version and user), so a logout can drop them all. */
  owner: string;
  json: string;
  storedAt: number;
}

/** What IndexedDB holds for an entry: digests and a sealed answer. */
interface StoredEntry {
  key: string;
  tag: string;
  owner: string;
  sealed: SealedValue;
  storedAt: number;
}

export class DiskStore {
  private readonly db: Promise<IDBDatabase>;
  private readonly keys: Promise<DiskKeys>;

  /** `browser`: the read cache's, handed down (this chunk imports no browser.ts: disk_cache.ts says why). */
  constructor(
    private readonly browser: Browser,
    version: string,
    secret?: () => string | Promise<string>,
  ) {
    this.db = DiskStore.open(browser, version);
    this.keys = diskKeys(browser, secret);
    // Either may fail first: the other's rejection is then seen by the same call, not left unhandled.
    this.keys.catch(() => undefined);
    this.db.catch(() => undefined);
  }

  private static async open(browser: Browser, version: string): Promise<IDBDatabase> {
    // Version 3: sealed entries with their owner's digest. Older entries are dropped with their store.
    const db = await openDatabase(browser, DB_NAME, 3, (created) => {
      for (const name of [ENTRIES, META]) if (created.objectStoreNames.contains(name)) created.deleteObjectStore(name);
      const entries = created.createObjectStore(ENTRIES, { keyPath: "key" });
      entries.createIndex("tag", "tag");
      entries.createIndex("owner", "owner");
      created.createObjectStore(META, { keyPath: "name" });
    });
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

  /** The answer stored under `key`, if one is there and opens with this page's keys (one that does not is deleted). */
  async get(key: string): Promise<{ json: string; storedAt: number } | undefined> {
    const [db, keys] = await Promise.all([this.db, this.keys]);
    const id = await digest(this.browser, keys, key);
    const entry = (await done(db.transaction(ENTRIES, "readonly").objectStore(ENTRIES).get(id))) as StoredEntry | undefined;
    if (!entry) return undefined;
    const json = await unseal(this.browser, keys, id, entry.sealed);
    if (json === undefined) {
      const transaction = db.transaction(ENTRIES, "readwrite");
      transaction.objectStore(ENTRIES).delete(id);
      await committed(transaction);
      return undefined;
    }
    return { json, storedAt: entry.storedAt };
  }

  async put(entry: DiskEntry): Promise<void> {
    const [db, keys] = await Promise.all([this.db, this.keys]);
    const id = await digest(this.browser, keys, entry.key);
    const stored: StoredEntry = {
      key: id,
      tag: await tagDigest(this.browser, entry.tag),
      owner: await tagDigest(this.browser, entry.owner),
      sealed: await seal(this.browser, keys, id, entry.json),
      storedAt: entry.storedAt,
    };
    const transaction = db.transaction(ENTRIES, "readwrite");
    transaction.objectStore(ENTRIES).put(stored);
    await committed(transaction);
  }

  /** Deletes the entries filed under `tag` (every user's), or all of them. */
  delete(tag: string | undefined): Promise<void> {
    return this.deleteBy("tag", tag);
  }

  /** Deletes the entries of one owner (a user signing out). */
  deleteOwner(owner: string): Promise<void> {
    return this.deleteBy("owner", owner);
  }

  private async deleteBy(index: "tag" | "owner", value: string | undefined): Promise<void> {
    const db = await this.db;
    const digested = value === undefined ? undefined : await tagDigest(this.browser, value);
    const transaction = db.transaction(ENTRIES, "readwrite");
    const store = transaction.objectStore(ENTRIES);
    if (digested === undefined) {
      store.clear();
    } else {
      const ids = await done(store.index(index).getAllKeys(digested));
      for (const id of ids) store.delete(id);
    }
    await committed(transaction);
  }

  async close(): Promise<void> {
    (await this.db).close();
  }
}
