/**
 * Stored answers of reads: in memory, and on disk (IndexedDB) for `type: "disk"`. Keys are
 * namespaced by the cache version and the user, so one user never reads another's answers. A
 * write drops its model's entries here and, over a BroadcastChannel, in the other tabs.
 */
import { browser } from "../../../browser.js";
import { originMark } from "../../../origin_mark.js";
import { Subscribable } from "../../../subscribable.js";
import { copyJSON } from "../call/params.js";
import type { DiskCache } from "./disk_cache.js";

/** How long an answer nobody used stays in memory, in ms (TanStack's `gcTime`). */
export const DEFAULT_GC_TIME = 5 * 60_000;
/** How many answers memory keeps at most: beyond, the least recently used goes first. */
export const DEFAULT_MAX_ENTRIES = 500;

interface RamEntry {
  tag: string;
  json: string;
  storedAt: number;
  /** When it was last stored or answered a read (set by `keep`). */
  usedAt?: number;
  /** The answer parsed, on the first hit from memory (never handed out: each caller gets a copy). */
  parsed?: unknown;
}

/** Set once this origin has stored a read on disk (it stays: entries may outlive a page). */
const diskUsed = originMark("owl-services:disk-cache-used");

/** What the tabs tell each other: a write's model (or route; null: every model), or a logout's namespace. */
type CacheMessage = string | null | { type: "forget"; namespace: string };

/** Whether an answer stored at `storedAt` is at most `maxAge` ms old. */
const fresh = ({ storedAt }: { storedAt: number }, maxAge: number) => browser.now() - storedAt <= maxAge;

/** The namespace (version and user) a scoped key starts with. */
const namespaceOf = (key: string) => key.slice(0, key.indexOf("\u0000"));

export interface ReadCacheOptions {
  /** Written into every key, so a new version of the app (or another user) never reads old answers. */
  namespace(): string;
  /** Whether the user is known; while not, nothing is read from or kept in the cache (default: always known). */
  ownerKnown?: (() => boolean) | undefined;
  /** The version the disk entries are kept for. */
  version: string;
  /** BroadcastChannel name; none: this tab only. */
  channelName?: string | undefined;
  /** Where the disk entries' keys come from (`config.rpc.cacheSecret`); none: this origin's stored random keys. */
  secret?: (() => string | Promise<string>) | undefined;
}

/** Hears each drop: the tag whose entries went (undefined: all of them); also once when the cache closes. */
export type DropListener = (tag: string | undefined) => void;

export class ReadCache extends Subscribable<DropListener> {
  /** In order of use, the least recently used first. */
  private readonly ram = new Map<string, RamEntry>();
  /** The entry `keep` put last in `ram`: entries enter `ram` through `keep` alone. */
  private last: RamEntry | undefined;
  /** Keys some caller still waits on (a refresh in flight, a refresh waiting for the server): never evicted. */
  private readonly pins = new Map<string, number>();
  /** The disk, opened on first use; `diskFailed`: this page stopped reading and writing it. */
  private disk: Promise<DiskCache | undefined> | undefined;
  private diskFailed = false;
  private stopped = false;
  /** Bumped by each invalidation, so an answer fetched before a write is not stored after it. */
  private readonly generations = new Map<string, number>();
  private allGeneration = 0;
  private readonly channel: BroadcastChannel | undefined;
  /** Namespaces dropped by a logout: reads of theirs still in flight are not stored, until a read of theirs starts anew. */
  private readonly forgotten = new Set<string>();
  /** Disk drops started and not yet ended. */
  private readonly diskDrops = new Set<Promise<unknown>>();

  constructor(private readonly options: ReadCacheOptions) {
    super();
    const Channel = options.channelName ? browser.BroadcastChannel : undefined;
    this.channel = Channel ? new Channel(options.channelName!) : undefined;
    this.channel?.addEventListener("message", (event) => {
      const message = (event as MessageEvent<unknown>).data as CacheMessage;
      if (message === null || typeof message === "string") {
        this.drop(message ?? undefined, false);
      } else if (message?.type === "forget" && typeof message.namespace === "string") {
        this.dropNamespace(message.namespace);
      }
    });
  }

  /** Whether the cache was closed (its env stopped): nothing is read, stored or reported any more. */
  get closed(): boolean {
    return this.stopped;
  }

  /** Whether answers may be kept and served now: not before the user is known (anyone's cookie may be sent). */
  get usable(): boolean {
    return this.options.ownerKnown?.() ?? true;
  }

  /** A request's key in the cache: the version and user it is read for come first. Take it when the read starts. */
  scope(requestKey: string): string {
    const namespace = this.options.namespace();
    if (this.forgotten.size) this.forgotten.delete(namespace);
    return `${namespace}\u0000${requestKey}`;
  }

  /**
   * The disk's side, its code loaded on first use (apps that never cache on disk do not ship it).
   * A load that failed is a failure of the disk, and is tried again by the next drop.
   */
  private diskSide(): Promise<DiskCache | undefined> {
    this.disk ??= import("./disk_cache.js").then(
      ({ DiskCache }) => new DiskCache(browser, this.options.version, this.options.secret, (error) => this.failed(error)),
      (error: unknown) => {
        this.disk = undefined;
        this.failed(error);
        return undefined;
      },
    );
    return this.disk;
  }

  private failed(error: unknown): void {
    if (this.diskFailed || this.stopped) return;
    this.diskFailed = true;
    console.warn(
      `owl-services: the disk cache is unavailable (${error instanceof Error ? error.message : String(error)}); cached reads stay in memory for this page.`,
    );
  }

  /** The stored JSON under `key` (from `scope`, filed under `tag`), if there is one younger than `maxAge`. */
  async get(key: string, tag: string, type: "ram" | "disk", maxAge: number): Promise<string | undefined> {
    if (this.stopped) return undefined;
    const ram = this.ram.get(key);
    if (ram) return fresh(ram, maxAge) ? ram.json : undefined;
    if (type !== "disk" || this.diskFailed) return undefined;
    const entry = await (await this.diskSide())?.get(key);
    if (!entry || this.stopped) return undefined;
    this.keep(key, { tag, json: entry.json, storedAt: entry.storedAt });
    return fresh(entry, maxAge) ? entry.json : undefined;
  }

  /**
   * A fresh answer kept in memory under `key`, resolved with a copy of the caller's own, or
   * undefined: the synchronous path of a cached read's hit (no disk, nothing else made).
   */
  hit(key: string, maxAge: number): Promise<unknown> | undefined {
    const entry = this.ram.get(key);
    if (!entry || !fresh(entry, maxAge)) return undefined;
    this.keep(key, entry);
    entry.parsed ??= JSON.parse(entry.json);
    return Promise.resolve(copyJSON(entry.parsed));
  }

  /**
   * Keeps `entry` as the most recently used; drops, least recently used first, what is past
   * DEFAULT_MAX_ENTRIES or unused for DEFAULT_GC_TIME, but not what a caller still waits on (lazy:
   * at each store and hit, no timer).
   */
  private keep(key: string, entry: RamEntry): void {
    const ram = this.ram;
    const now = browser.now();
    entry.usedAt = now;
    // The last one used again (a read hit over and over) stays where it is: no re-insertion.
    if (this.last !== entry) ram.delete(key);
    ram.set(key, entry);
    this.last = entry;
    for (const [old, { usedAt }] of ram) {
      if (ram.size <= DEFAULT_MAX_ENTRIES && now - usedAt! < DEFAULT_GC_TIME) break;
      if (!this.pins.get(old)) ram.delete(old);
    }
  }

  /** Counts a caller waiting on `key` (`by`: 1) or done with it (-1): a key waited on is not evicted. */
  pin(key: string, by: 1 | -1): void {
    const count = (this.pins.get(key) ?? 0) + by;
    if (count) this.pins.set(key, count);
    else this.pins.delete(key);
  }

  /** How many answers memory holds. */
  get size(): number {
    return this.ram.size;
  }

  /** Where invalidations of `tag` stand now (pass it back to `set`). */
  generation(tag: string): number {
    return (this.generations.get(tag) ?? 0) + this.allGeneration;
  }

  /** Stores an answer, unless its tag was invalidated since `generation` was taken. */
  set(key: string, tag: string, json: string, type: "ram" | "disk", generation: number): void {
    if (this.stopped || this.generation(tag) !== generation || (this.forgotten.size && this.forgotten.has(namespaceOf(key)))) return;
    const entry = { tag, json, storedAt: browser.now() };
    this.keep(key, entry);
    if (type === "disk") {
      diskUsed.set();
      if (!this.diskFailed) void this.diskSide().then((disk) => disk?.put({ key, owner: namespaceOf(key), ...entry }));
    }
  }

  /** Drops the entries of `tag` (all without one), here, on disk and in the other tabs. */
  invalidate(tag?: string): void {
    this.drop(tag, true);
  }

  /** `shared`: the disk's and the other tabs' entries go too (not for another tab's news: it did that). */
  private drop(tag: string | undefined, shared: boolean): void {
    // Nothing to clear costs a counter and a message: no walk, nothing allocated (a write does this twice).
    if (tag === undefined) {
      this.allGeneration++;
      this.ram.clear();
    } else {
      this.generations.set(tag, (this.generations.get(tag) ?? 0) + 1);
      if (this.ram.size) for (const [key, entry] of this.ram) if (entry.tag === tag) this.ram.delete(key);
    }
    if (this.listeners.size) this.notify(tag);
    if (!shared) return;
    if (this.diskMayHold) this.dropOnDisk(tag);
    // The tag itself, not an object made for it: nothing allocated.
    this.channel?.postMessage((tag ?? null) satisfies CacheMessage);
  }

  /** Whether the disk may hold answers: not on a page without IndexedDB, nor for an origin that never stored any. */
  private get diskMayHold(): boolean {
    return !this.stopped && !!browser.indexedDB && (this.disk !== undefined || diskUsed.mayBeSet());
  }

  /**
   * The disk may hold answers from an earlier visit even if this page has not read it yet (the
   * other tabs share it, so dropping there once is enough), and still holds them after this page
   * stopped using it (a failed write): they must go, or a reload serves them. An origin that never
   * stored any is left alone: a write in an app without a disk cache opens no database. (A method
   * of its own: its closures would make `drop` allocate a context on every call.)
   */
  private dropOnDisk(tag: string | undefined): void {
    const failed = this.diskFailed;
    this.keepUntilDone(this.diskSide().then((disk) => disk?.delete(tag, failed)));
  }

  /** Kept until it ends: the env's stop waits for it, so a reload never reads what a write or a logout dropped. */
  private keepUntilDone(drop: Promise<unknown>): Promise<unknown> {
    const kept: Promise<unknown> = drop.finally(() => this.diskDrops.delete(kept));
    this.diskDrops.add(kept);
    return kept;
  }

  /** When the disk drops already started have ended (the rpc's stop waits for them; each open gives up). */
  dropped(): Promise<unknown> {
    return Promise.allSettled(this.diskDrops);
  }

  /**
   * Drops the current user's answers (their namespace), here, on disk and in the other tabs: a
   * logout. Reads still in flight are not stored when they end.
   */
  async forgetCurrentUser(): Promise<void> {
    const namespace = this.options.namespace();
    this.dropNamespace(namespace);
    this.channel?.postMessage({ type: "forget", namespace } satisfies CacheMessage);
    if (!this.diskMayHold) return;
    if (!this.diskFailed) await this.keepUntilDone(this.diskSide().then((disk) => disk?.deleteOwner(namespace)));
  }

  private dropNamespace(namespace: string): void {
    this.forgotten.add(namespace);
    for (const key of this.ram.keys()) if (namespaceOf(key) === namespace) this.ram.delete(key);
  }

  close(): void {
    this.stopped = true;
    // Nothing is answered from memory any more: its answers go now (a hit needs no check).
    this.ram.clear();
    this.channel?.close();
    // Whoever follows drops (live reads) ends now: the cache is closed.
    this.notify(undefined);
    this.listeners.clear();
    // Once the drops started have ended: closed under one whose transaction is not made yet, it
    // would fail, and what a write dropped would still be on disk for the next page.
    void this.dropped()
      .then(() => this.disk?.then((disk) => disk?.close()))
      .catch(() => undefined);
  }
}
