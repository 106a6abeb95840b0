/**
 * Where the outbox keeps its entries: an IndexedDB database of its own (never the read cache's),
 * written with strict durability before an entry is first sent, and never wiped by a version
 * change. The order of the entries is the database's own auto-increment key, shared by the tabs
 * of the origin.
 */
import { browser } from "../../browser.js";
import { committed, done, openDatabase } from "../../idb.js";
import type { StoredEntry } from "./outbox_entry.js";

export type { StoredEntry } from "./outbox_entry.js";

const DB_NAME = "owl-services-outbox";
const ENTRIES = "entries";

export class OutboxStore {
  private db: Promise<IDBDatabase> | undefined;

  private open(): Promise<IDBDatabase> {
    this.db ??= openDatabase(browser, DB_NAME, 1, (created) => {
      created.createObjectStore(ENTRIES, { keyPath: "seq", autoIncrement: true }).createIndex("id", "id", { unique: true });
    }).catch((error: unknown) => {
      // Opened again at the next use: a failed open (a blocked or busy database) is not for ever.
      this.db = undefined;
      throw error;
    });
    return this.db;
  }

  private async write(change: (store: IDBObjectStore) => IDBRequest, durability: IDBTransactionDurability = "strict"): Promise<IDBRequest> {
    const db = await this.open();
    // "strict": committed to disk before the promise resolves, so a closed tab loses nothing it was told was kept.
    const transaction = db.transaction(ENTRIES, "readwrite", { durability });
    const request = change(transaction.objectStore(ENTRIES));
    await committed(transaction);
    return request;
  }

  /** Stores a new entry; resolves with its order key once it is on disk. */
  async add(entry: StoredEntry): Promise<number> {
    const request = (await this.write((store) => store.add(entry))) as IDBRequest<IDBValidKey>;
    return request.result as number;
  }

  /** Stores an entry's new state (it has its `seq` already). */
  async put(entry: StoredEntry): Promise<void> {
    await this.write((store) => store.put(entry));
  }

  /**
   * Removes an entry. "relaxed" for an applied one: should a crash lose the removal, the entry is
   * sent again with its key, and the server answers it without applying it twice.
   */
  async delete(seq: number, durability: IDBTransactionDurability = "relaxed"): Promise<void> {
    await this.write((store) => store.delete(seq), durability);
  }

  /** Every entry of `owner`, oldest first. */
  async list(owner: string): Promise<StoredEntry[]> {
    const db = await this.open();
    const all = (await done(db.transaction(ENTRIES, "readonly").objectStore(ENTRIES).getAll())) as StoredEntry[];
    return all.filter((entry) => entry.owner === owner);
  }

  close(): void {
    void this.db?.then((db) => db.close()).catch(() => undefined);
  }
}
