export { DISK_OPEN_TIMEOUT } from "../../../idb.js";
export interface DiskEntry {
    key: string;
    tag: string;
    /** Whose answer it is (the cache's namespace: version and user), so a logout can drop them all. */
    owner: string;
    json: string;
    storedAt: number;
}
export declare class DiskStore {
    private readonly db;
    private readonly keys;
    constructor(version: string, secret?: () => string | Promise<string>);
    private static open;
    /** The answer stored under `key`, if one is there and opens with this page's keys (one that does not is deleted). */
    get(key: string): Promise<{
        json: string;
        storedAt: number;
    } | undefined>;
    put(entry: DiskEntry): Promise<void>;
    /** Deletes the entries filed under `tag` (every user's), or all of them. */
    delete(tag: string | undefined): Promise<void>;
    /** Deletes the entries of one owner (a user signing out). */
    deleteOwner(owner: string): Promise<void>;
    private deleteBy;
    close(): Promise<void>;
}
