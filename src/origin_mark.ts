/**
 * A flag the whole origin keeps in localStorage ("this origin stored reads on disk", "kept writes
 * in the outbox"): it outlives the page, so a later page knows whether a database may hold
 * something before it opens one. Where storage is missing or denied, `mayBeSet` says yes: the
 * caller then looks, as when nothing is known.
 */
import { browser } from "./browser.js";

export interface OriginMark {
  set(): void;
  mayBeSet(): boolean;
}

export function originMark(key: string): OriginMark {
  /** The storage this page has marked (or found marked): later calls leave it alone. */
  let marked: Storage | undefined;
  return {
    set() {
      const storage = browser.localStorage;
      if (!storage || storage === marked) return;
      try {
        if (storage.getItem(key) === null) storage.setItem(key, "1");
        marked = storage;
      } catch {
        // Full or denied: mayBeSet() then answers yes, as when nothing is known.
      }
    },
    mayBeSet() {
      try {
        const storage = browser.localStorage;
        return !storage || storage.getItem(key) !== null;
      } catch {
        return true;
      }
    },
  };
}
