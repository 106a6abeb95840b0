/** How long an answer nobody used stays in memory, in ms (TanStack's `gcTime`). */
export declare const DEFAULT_GC_TIME: number;
/** How many answers memory keeps at most: beyond, the least recently used goes first. */
export declare const DEFAULT_MAX_ENTRIES = 500;
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
export declare class ReadCache {
    private readonly options;
    /** In order of use, the least recently used first. */
    private readonly ram;
    /** The entry `keep` put last in `ram`: entries enter `ram` through `keep` alone. */
    private last;
    /** Keys some caller still waits on (a refresh in flight, a refresh waiting for the server): never evicted. */
    private readonly pins;
    /** The disk, opened on first use; `diskFailed`: this page stopped reading and writing it. */
    private disk;
    private diskFailed;
    private stopped;
    /** Bumped by each invalidation, so an answer fetched before a write is not stored after it. */
    private readonly generations;
    private allGeneration;
    private readonly channel;
    /** Namespaces dropped by a logout: reads of theirs still in flight are not stored, until a read of theirs starts anew. */
    private readonly forgotten;
    constructor(options: ReadCacheOptions);
    /** Whether the cache was closed (its env stopped): nothing is read, stored or reported any more. */
    get closed(): boolean;
    /** Whether answers may be kept and served now: not before the user is known (anyone's cookie may be sent). */
    get usable(): boolean;
    /** A request's key in the cache: the version and user it is read for come first. Take it when the read starts. */
    scope(requestKey: string): string;
    private store;
    private failed;
    /** The stored JSON under `key` (from `scope`, filed under `tag`), if there is one younger than `maxAge`. */
    get(key: string, tag: string, type: "ram" | "disk", maxAge: number): Promise<string | undefined>;
    /**
     * A fresh answer kept in memory under `key`, resolved with a copy of the caller's own, or
     * undefined: the synchronous path of a cached read's hit (no disk, nothing else made).
     */
    hit(key: string, maxAge: number): Promise<unknown> | undefined;
    /**
     * Keeps `entry` as the most recently used; drops, least recently used first, what is past
     * DEFAULT_MAX_ENTRIES or unused for DEFAULT_GC_TIME, but not what a caller still waits on (lazy:
     * at each store and hit, no timer).
     */
    private keep;
    /** Counts a caller waiting on `key` (`by`: 1) or done with it (-1): a key waited on is not evicted. */
    pin(key: string, by: 1 | -1): void;
    /** How many answers memory holds. */
    get size(): number;
    /** Where invalidations of `tag` stand now (pass it back to `set`). */
    generation(tag: string): number;
    /** Stores an answer, unless its tag was invalidated since `generation` was taken. */
    set(key: string, tag: string, json: string, type: "ram" | "disk", generation: number): void;
    /** Drops the entries of `tag` (all without one), here and in the other tabs. */
    invalidate(tag?: string): void;
    private drop;
    /**
     * Drops the current user's answers (their namespace), here, on disk and in the other tabs: a
     * logout. Reads still in flight are not stored when they end.
     */
    forgetCurrentUser(): Promise<void>;
    private dropNamespace;
    close(): void;
}
