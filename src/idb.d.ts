/**
 * How long opening a database may take before the cache gives up on the disk for this page and
 * asks the server: an open waits for every other tab to close an older version of the database.
 */
export declare const DISK_OPEN_TIMEOUT = 1000;
export declare function done<T>(request: IDBRequest<T>): Promise<T>;
export declare function committed(transaction: IDBTransaction): Promise<void>;
/**
 * Opens `name` at `version` (running `upgrade` when it is new), or rejects within
 * {@link DISK_OPEN_TIMEOUT}, and at once when another tab blocks it. Once open, it closes itself
 * when another tab needs a newer version.
 */
export declare function openDatabase(name: string, version: number, upgrade: (db: IDBDatabase) => void): Promise<IDBDatabase>;
