/**
 * The read cache's disk side (`type: "disk"`): the store, opened on first use, what it does when a
 * step fails, and the drops that must reach the disk even after it failed. The entry of the disk's
 * chunk: the read cache, which every app ships, holds only the promise of it. Nothing in this chunk
 * imports a module of the app's start, `browser.ts` included (it is handed the read cache's
 * `browser`): a module that a chunk and the start share is split out of the start into a chunk of
 * its own, one more file that every page loads.
 */
import type { Browser } from "../../../browser.js";
import { DiskStore, type DiskEntry } from "./disk_store.js";

export class DiskCache {
  #store: DiskStore | undefined;

  constructor(
    private readonly browser: Browser,
    private readonly version: string,
    private readonly secret: (() => string | Promise<string>) | undefined,
    /** Told each failure: the read cache then keeps to memory for this page. */
    private readonly fail: (error: unknown) => void,
  ) {}

  #open(): DiskStore {
    this.#store ??= new DiskStore(this.browser, this.version, this.secret);
    return this.#store;
  }

  /** The answer stored under `key`, if there is one. */
  async get(key: string): Promise<{ json: string; storedAt: number } | undefined> {
    try {
      return await this.#open().get(key);
    } catch (error) {
      this.fail(error);
      return undefined;
    }
  }

  put(entry: DiskEntry): void {
    this.#open().put(entry).catch(this.fail);
  }

  /**
   * Drops the entries of `tag` (all without one). `failed`: the disk failed before, so through a
   * store of its own (the failed one may never have opened), its failure told to no one.
   */
  async delete(tag: string | undefined, failed: boolean): Promise<void> {
    const own = failed ? new DiskStore(this.browser, this.version, this.secret) : undefined;
    try {
      await (own ?? this.#open()).delete(tag);
    } catch (error) {
      if (!own) this.fail(error);
    } finally {
      void own?.close().catch(() => undefined);
    }
  }

  /** Drops the entries of one owner (a user signing out). */
  deleteOwner(owner: string): Promise<void> {
    return this.#open().deleteOwner(owner).catch(this.fail);
  }

  close(): Promise<void> | undefined {
    return this.#store?.close();
  }
}
