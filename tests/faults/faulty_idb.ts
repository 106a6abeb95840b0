/**
 * fake-indexeddb with one fault: the Nth operation of a kind fails. Kinds: `open`, `get`
 * (get, getAll, getAllKeys), `put` (put, add), `delete` (delete, clear), `commit` (the transaction
 * aborts instead of committing) and `quota` (a put or add refused with a QuotaExceededError
 * DOMException). Every operation is counted, so a clean run says how many steps a scenario has.
 */
import { IDBDatabase, IDBFactory, IDBIndex, IDBObjectStore } from "fake-indexeddb";
import { vi } from "vitest";

export const FAULT_KINDS = ["open", "get", "put", "delete", "commit", "quota"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  /** Operations seen so far, by kind (`quota` counts puts, as `put` does). */
  readonly seen: Record<FaultKind, number>;
  /** Whether the fault has fired. */
  fired: boolean;
  /** Called after each operation is counted, with how many there were in all (a tab may close there). */
  onOperation?: ((total: number) => void) | undefined;
}

/** Installs the fault (undone by `vi.restoreAllMocks()`): the `nth` operation of `kind` fails; `nth: 0`, none. */
export function injectFault(kind: FaultKind | undefined, nth = 0): Fault {
  const fault: Fault = { seen: { open: 0, get: 0, put: 0, delete: 0, commit: 0, quota: 0 }, fired: false };
  const hit = (seen: FaultKind, failing: FaultKind = seen) => {
    fault.seen[seen]++;
    if (seen === "put") fault.seen.quota++;
    const { open, get, put, delete: deleted, commit } = fault.seen;
    fault.onOperation?.(open + get + put + deleted + commit);
    if (kind !== failing || fault.seen[failing] !== nth || fault.fired) return false;
    fault.fired = true;
    return true;
  };
  const failed = (name: string) => new DOMException(`injected fault: ${name}`, "UnknownError");
  const wrap = <P extends object>(proto: P, method: keyof P & string, seen: FaultKind) => {
    const original = proto[method] as (...args: unknown[]) => unknown;
    vi.spyOn(proto as Record<string, (...args: unknown[]) => unknown>, method).mockImplementation(function (this: unknown, ...args: unknown[]) {
      if (hit(seen)) throw failed(method);
      if (seen === "put" && kind === "quota" && fault.seen.quota === nth && !fault.fired) {
        fault.fired = true;
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      }
      return original.apply(this, args);
    });
  };
  for (const method of ["get", "getAll", "getAllKeys"] as const) {
    wrap(IDBObjectStore.prototype, method, "get");
    wrap(IDBIndex.prototype, method, "get");
  }
  for (const method of ["put", "add"] as const) wrap(IDBObjectStore.prototype, method, "put");
  for (const method of ["delete", "clear"] as const) wrap(IDBObjectStore.prototype, method, "delete");
  wrap(IDBFactory.prototype, "open", "open");
  const transaction = IDBDatabase.prototype.transaction;
  vi.spyOn(IDBDatabase.prototype, "transaction").mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase["transaction"]>) {
    const made = transaction.apply(this, args);
    // Aborted once its requests were made: it never commits, and says so.
    if (hit("commit")) queueMicrotask(() => made.abort());
    return made;
  });
  return fault;
}
