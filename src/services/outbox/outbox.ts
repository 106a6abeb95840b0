/**
 * The outbox's line: writes stored before their first send, then sent one at a time, oldest
 * first, each with its own Idempotency-Key (the same on every send, across reloads), so the server
 * applies each once. A lost connection stops the line until the server answers again; a server
 * error fails the entry, and later entries on the same record wait for the user to retry or
 * discard it. Framework-free: the rpc, the bus and the connection monitor are handed in.
 */
import type { EventBus } from "@odoo/owl";
import { browser, type TimeoutId } from "../../browser.js";
import type { ConnectionMonitor } from "../rpc/call/connection_monitor.js";
import type { JSONValue } from "../rpc/call/params.js";
import { RPCError, type RPCErrorData } from "../rpc/errors.js";
import type { RPC } from "../rpc/types.js";
import { OutboxDiscardedError, publicView, recordsOf, refersTo, replaceVirtual, type OutboxEntry, type StoredEntry } from "./outbox_entry.js";
import type { OutboxStore } from "./outbox_store.js";
import { OutboxTabs, type TabMessage } from "./outbox_tabs.js";
import type { ElectionTiming } from "../../tab_election.js";

export { OutboxDiscardedError } from "./outbox_entry.js";
export type { OutboxEntry } from "./outbox_entry.js";
export { OutboxStore } from "./outbox_store.js";

/** The promise of `outbox.call`: settles when the server has answered this write. */
export type OutboxPromise<T> = Promise<T> & { entry: OutboxEntry };

export interface OutboxOptions {
  rpc: RPC;
  bus: EventBus;
  store: OutboxStore;
  /** Whose entries are sent: the user and database of the session (read at each step). */
  owner(): string;
  monitor?: ConnectionMonitor | undefined;
  /** The BroadcastChannel the origin's tabs share the outbox over; none: this tab alone. */
  channelName?: string | undefined;
  /** The sender election's lease and claim times, where the platform has no Web Locks. */
  election?: ElectionTiming | undefined;
  /** How long after a storage failure the line tries again (ms). @default STORAGE_RETRY_DELAY */
  retryDelay?: number | undefined;
  /** Subscribes to changes of user (the session's announcement): the line then reads and sends the new owner's entries. */
  ownerChanges?: ((listener: () => void) => () => void) | undefined;
}

/** How long after a failure of its storage (IndexedDB) the line tries again, in ms. */
export const STORAGE_RETRY_DELAY = 2000;

/** Whether a server (or the network) answered for sure: anything else leaves the entry waiting. */
const answered = (error: unknown) => error instanceof RPCError;

export class Outbox {
  private list: StoredEntry[] = [];
  /** Whose entries `list` holds: the owner at the last read of the store. */
  private listed: string | undefined;
  private readonly settles = new Map<string, { resolve(value: unknown): void; reject(error: Error): void }>();
  private running: Promise<void> | undefined;
  /** The line's loop is between its start and its last check (cleared at that check, not a microtask later). */
  private looping = false;
  /** The next try after a storage failure. */
  private retryTimer: TimeoutId | undefined;
  /** Asked to sync while the line was running: it goes round once more. */
  private again = false;
  /** This tab is the origin's sending tab right now: its list is the truth, other tabs' news waits for the next round. */
  private sending = false;
  /** Entries that had waited and were applied since the line was last empty. */
  private replayed = 0;
  private readonly tabs: OutboxTabs;
  /** Entries being stored (not in the list yet, listed already): an entry made meanwhile waits behind them. */
  private readonly storing = new Map<string, { entry: StoredEntry; added: Promise<unknown> }>();
  /** Real ids of this page's applied creates: a later entry's stored copy may still name the virtual one. */
  private readonly realIds = new Map<string, number>();
  private stopped = false;
  private warned = false;
  /** The removals of applied entries, in order (see `remove`), and whether this round made any. */
  private removals: Promise<void> = Promise.resolve();
  private removed = false;
  private readonly unsubscribe: (() => void) | undefined;
  private readonly unsubscribeOwner: (() => void) | undefined;

  constructor(private readonly options: OutboxOptions) {
    this.unsubscribe = options.monitor?.subscribe((event) => {
      if (event.type === "restored") void this.sync();
    });
    this.tabs = new OutboxTabs(options.channelName, (message) => void this.onTabMessage(message), options.election);
    this.unsubscribeOwner = options.ownerChanges?.(() => void this.ownerChanged());
  }

  /** Another user now (signed in after start-up, or switched): their entries are read from the store, and sent. */
  private async ownerChanged(): Promise<void> {
    await this.reload(false).catch((error: unknown) => warn("could not read its entries", error));
    this.changed(false);
    void this.sync();
  }

  /** Loads the owner's entries (all of them waited: they were kept by an earlier page or another tab) and starts the line. */
  async start(): Promise<void> {
    // Shown at once; sent once this tab is the sending one (the line reloads them under the lock).
    // Unreadable now: the line's round tries again.
    await this.reload(false).catch((error: unknown) => warn("could not read its entries", error));
    this.changed();
    await this.sync();
  }

  /** Keeps an entry made by `makeEntry` (the service makes it at the call) and sends it in its turn. */
  enqueue<T>(entry: StoredEntry): OutboxPromise<T> {
    // Behind others, or while the server is away: it waits, so a failure keeps it for the user.
    entry.waited = this.list.length + this.storing.size > 0 || (this.options.monitor !== undefined && isLost(this.options.monitor));
    const promise = new Promise<T>((resolve, reject) => {
      this.settles.set(entry.id, { resolve: resolve as (value: unknown) => void, reject });
    });
    // Stored before its first send: a reload or a closed tab loses nothing the app was given back.
    const added = this.options.store.add(entry);
    this.storing.set(entry.id, { entry, added });
    added.then(
      (seq) => {
        this.storing.delete(entry.id);
        entry.seq = seq;
        if (!this.list.some((other) => other.id === entry.id)) this.list.push(entry);
        this.changed();
        void this.sync();
      },
      (error: unknown) => {
        this.storing.delete(entry.id);
        this.unkept(entry, error).then(
          (result) => this.settle(entry.id, { result }),
          (failure: Error) => this.settle(entry.id, { error: failure }),
        );
      },
    );
    return Object.assign(promise, { entry: publicView(entry) });
  }

  /**
   * A write the storage refused (private mode, quota, no IndexedDB): sent at once while the server
   * answers, with its key, after one warning; refused while it is away, saying so. Never dropped silently.
   */
  private async unkept(entry: StoredEntry, error: unknown): Promise<unknown> {
    const why = error instanceof Error ? error.message : String(error);
    if (this.options.monitor && isLost(this.options.monitor)) {
      throw new Error(`outbox: ${entry.model}.${entry.method} could not be kept (${why}) and the server is away; nothing was sent or kept`);
    }
    if (!this.warned) {
      this.warned = true;
      console.warn(`owl-services: the outbox cannot keep writes on this page (${why}); they are sent at once, and refused while the server is away.`);
    }
    return this.post(entry);
  }

  /** The entry's call_kw call, under its own key (the same on every send). */
  private post(entry: StoredEntry): Promise<unknown> {
    const { model, method, args, kwargs, key } = entry;
    return this.options.rpc(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs }, { idempotencyKey: key, kind: "write" });
  }

  /** Settles the promise `call` handed out for entry `id` (in this tab), once. */
  private settle(id: string, outcome: { result: unknown } | { error: Error }): void {
    const pending = this.settles.get(id);
    this.settles.delete(id);
    if ("error" in outcome) pending?.reject(outcome.error);
    else pending?.resolve(outcome.result);
  }

  /** The owner's entries, oldest first: waiting, sending and failed ones. */
  entries(): OutboxEntry[] {
    const owner = this.options.owner();
    // Listed from the moment `call` returned, while still being stored.
    const all = this.storing.size ? [...this.list, ...[...this.storing.values()].map(({ entry }) => entry).filter((entry) => !this.list.includes(entry))] : this.list;
    return all.filter((entry) => entry.owner === owner).map(publicView);
  }

  /**
   * A failed entry goes back in line. With `overwrite`, it goes without the concurrency check it
   * carried (`context.__last_update`): "keep mine" after "A document was modified since you last viewed it".
   */
  retry(id: string, options: { overwrite?: boolean } = {}): void {
    const entry = this.find(id);
    if (entry.state !== "failed") return;
    entry.state = "waiting";
    delete entry.error;
    if (options.overwrite) entry.kwargs = withoutConcurrencyCheck(entry.kwargs);
    void this.options.store.put(entry).then(() => this.sync());
    this.changed();
  }

  /** Removes an entry for good (not a sending one); its promise rejects with OutboxDiscardedError. */
  async discard(id: string): Promise<void> {
    // Listed while still being stored: discarded once it is.
    await this.storing.get(id)?.added.catch(() => undefined);
    const entry = this.find(id);
    if (entry.state === "sending") throw new Error(`outbox: entry ${id} is being sent; wait for its answer`);
    // Strict: a discarded change must not come back after a crash.
    await this.options.store.delete(entry.seq!, "strict");
    this.list = this.list.filter((other) => other.id !== entry.id);
    this.settle(id, { error: new OutboxDiscardedError(publicView(entry)) });
    this.changed();
    void this.sync();
  }

  /** Sends what can be sent now; resolves when the line stops (empty, waiting on the connection, or held by failures). */
  sync(): Promise<void> {
    this.again = true;
    if (!this.looping) this.running = this.loop();
    return this.running!;
  }

  private async loop(): Promise<void> {
    this.looping = true;
    try {
      // Checked and cleared in one step: a sync() after this check starts a loop of its own.
      while (this.again && !this.stopped) {
        this.again = false;
        // As the origin's sending tab: the store is the truth (another tab may have sent entries meanwhile).
        await this.tabs.exclusively(async () => {
          this.sending = true;
          try {
            await this.reload(true);
            await this.drain();
          } finally {
            this.sending = false;
          }
        });
      }
    } catch (error) {
      // The storage failed (a read, an add's commit): what waits stays stored, and is tried again.
      warn("could not read or write its entries; it tries again", error);
      if (!this.stopped && this.retryTimer === undefined) {
        this.retryTimer = browser.setTimeout(() => {
          this.retryTimer = undefined;
          void this.sync();
        }, this.options.retryDelay ?? STORAGE_RETRY_DELAY);
      }
    } finally {
      this.looping = false;
    }
  }

  /** The owner's entries from the store. Under the send lock, one found "sending" was cut off (its tab closed): it goes back in line. */
  private async reload(sender: boolean): Promise<void> {
    if (this.stopped) return;
    const owner = this.options.owner();
    const stored = await this.options.store.list(owner);
    const known = new Map(this.list.map((entry) => [entry.id, entry]));
    for (const entry of stored) {
      if (sender && entry.state === "sending") entry.state = "waiting";
      for (const [virtualId, realId] of this.realIds) if (refersTo(entry, new Set([virtualId]))) renameVirtual(entry, virtualId, realId);
      // Made by another tab or an earlier visit: it waited, so a failure keeps it for the user.
      entry.waited = known.get(entry.id)?.waited ?? true;
    }
    this.list = stored;
    // Another user's entries now (an app that names its user itself says so by a sync()): shown at
    // once, also when the server is away and nothing is sent.
    if (this.listed !== undefined && this.listed !== owner) this.changed(false);
    this.listed = owner;
  }

  private async onTabMessage(message: TabMessage): Promise<void> {
    if (this.stopped) return;
    if (message.type === "applied") this.settle(message.id, { result: message.result });
    else if (message.type === "failed") this.settle(message.id, { error: new RPCError({ ...message.error, data: message.error.data as RPCErrorData | undefined }) });
    // The tab that made an entry may close before sending it: every tab queues to send.
    void this.sync();
    if (this.sending) return;
    await this.reload(false);
    this.changed(false);
  }

  /** Stops the line: nothing more is sent by this outbox; the entries stay stored. */
  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribeOwner?.();
    browser.clearTimeout(this.retryTimer);
    this.tabs.close();
    this.options.store.close();
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        if (this.stopped || (this.options.monitor && isLost(this.options.monitor))) return;
        const next = this.nextSendable();
        if (!next) return;
        if (!(await this.send(next))) return;
      }
    } finally {
      // The other tabs read the store again once the applied entries are out of it.
      await this.removals;
      if (this.removed) this.tabs.post({ type: "changed" });
      this.removed = false;
      // A replay of writes that had waited ended with the line empty: "3 changes saved".
      if (this.replayed && !this.list.some((entry) => entry.owner === this.options.owner() && entry.state !== "failed")) {
        this.options.bus.trigger("OUTBOX:SAVED", { count: this.replayed });
        this.replayed = 0;
      }
    }
  }

  /** The oldest waiting entry of the owner that refers to no create still in line and touches no record of a failed entry before it. */
  private nextSendable(): StoredEntry | undefined {
    const owner = this.options.owner();
    const blocked = new Set<string>();
    const pendingVirtual = new Set<string>();
    for (const entry of this.list) {
      if (entry.owner !== owner) continue;
      const records = recordsOf(entry);
      if (entry.state === "waiting" && !records.some((record) => blocked.has(record)) && !refersTo(entry, pendingVirtual)) return entry;
      // Whatever is still in line (failed, sending, or waiting behind something) holds its records.
      for (const record of records) blocked.add(record);
      if (entry.virtualId) pendingVirtual.add(entry.virtualId);
    }
    return undefined;
  }

  /** Sends one entry; false when the line must stop (the connection is lost, or the outbox stopped). */
  private async send(entry: StoredEntry): Promise<boolean> {
    // "sending" is this tab's to show, not stored: a reload or the next sending tab sends it again with its key.
    entry.state = "sending";
    this.changed();
    let result: unknown;
    try {
      result = await this.post(entry);
    } catch (error) {
      if (!answered(error)) {
        // Maybe applied, maybe not: it stays in line with its key (stored as waiting already), and the server will say.
        entry.state = "waiting";
        entry.waited = true;
        this.changed();
        return false;
      }
      await this.failed(entry, error as RPCError);
      return !this.stopped;
    }
    // Applied: whatever the storage does now, it is settled as applied, never sent as new.
    await this.applied(entry, result);
    return true;
  }

  /**
   * Removes an applied entry from the store without holding up the next send; the line awaits
   * the removals before it lets another round (or tab) read the store.
   */
  private remove(seq: number): void {
    this.removed = true;
    this.removals = this.removals
      .then(() => this.options.store.delete(seq))
      // Left in the store: sent again later with its key, and answered without being applied twice.
      .catch((error: unknown) => warn("could not remove an applied entry", error));
  }

  private async applied(entry: StoredEntry, result: unknown): Promise<void> {
    if (entry.waited) this.replayed++;
    this.remove(entry.seq!);
    this.list = this.list.filter((other) => other.id !== entry.id);
    // create answers [id]; web_save answers the records it made, read as its specification says.
    const first: unknown = Array.isArray(result) ? result[0] : result;
    const realId = typeof first === "object" && first !== null ? (first as { id?: unknown }).id : first;
    // Settled first: storing the later entries' real ids may fail, the write was applied all the same.
    this.settle(entry.id, { result });
    if (entry.virtualId && typeof realId === "number") {
      // Later entries name the record by its real id from now on, on disk too (a reload keeps it);
      // should storing fail, this page still renames them each time it reads the store.
      this.realIds.set(entry.virtualId, realId);
      const virtualIds = new Set([entry.virtualId]);
      for (const later of this.list) {
        if (!refersTo(later, virtualIds)) continue;
        renameVirtual(later, entry.virtualId, realId);
        await this.options.store.put(later).catch((error: unknown) => warn("could not store a real id", error));
      }
    }
    this.tabs.post({ type: "applied", id: entry.id, result });
    this.options.bus.trigger("OUTBOX:APPLIED", { entry: publicView(entry), result });
    this.changed();
  }

  private async failed(entry: StoredEntry, error: RPCError): Promise<void> {
    if (entry.waited) {
      entry.state = "failed";
      entry.error = { name: error.exceptionName ?? error.name, message: error.userMessage };
      // Not stored: a reload sends it again with its key, and the server answers the same.
      await this.options.store.put(entry).catch((failure: unknown) => warn("could not store a failed entry", failure));
    } else {
      this.list = this.list.filter((other) => other.id !== entry.id);
      await this.options.store.delete(entry.seq!).catch((failure: unknown) => warn("could not remove a failed entry", failure));
    }
    this.settle(entry.id, { error });
    this.tabs.post({ type: "failed", id: entry.id, error: { route: error.route, code: error.code, message: error.message, data: error.data } });
    this.options.bus.trigger("OUTBOX:FAILED", { entry: publicView(entry), error });
    this.changed();
  }

  private find(id: string): StoredEntry {
    const entry = this.list.find((other) => other.id === id);
    if (!entry) throw new Error(`outbox: no entry ${JSON.stringify(id)} (it was applied or discarded)`);
    return entry;
  }

  private changed(broadcast = true): void {
    // The entries are copied for the listeners that read them, once: a replay of many entries changes them at each step.
    let entries: OutboxEntry[] | undefined;
    const list = () => (entries ??= this.entries());
    this.options.bus.trigger("OUTBOX:CHANGED", {
      get entries() {
        return list();
      },
    });
    if (broadcast) this.tabs.post({ type: "changed" });
  }
}

const isLost = (monitor: ConnectionMonitor) => monitor.state === "lost";

const warn = (what: string, error: unknown) => console.warn(`owl-services: the outbox ${what} (${error instanceof Error ? error.message : String(error)})`);

/** Names the record `realId` instead of `virtualId` in the entry's args and kwargs. */
function renameVirtual(entry: StoredEntry, virtualId: string, realId: number): void {
  entry.args = replaceVirtual(entry.args, virtualId, realId) as JSONValue[];
  entry.kwargs = replaceVirtual(entry.kwargs, virtualId, realId) as { [key: string]: JSONValue };
}

/** `kwargs` without `context.__last_update`. */
function withoutConcurrencyCheck(kwargs: { [key: string]: JSONValue }): { [key: string]: JSONValue } {
  const context = kwargs.context;
  if (typeof context !== "object" || context === null || Array.isArray(context) || !("__last_update" in context)) return kwargs;
  const { __last_update: _seen, ...rest } = context;
  return { ...kwargs, context: rest };
}
