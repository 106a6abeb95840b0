import { browser, type TimeoutId } from "../../browser.js";
import { Subscribable } from "../../subscribable.js";
import type {
  NotificationButton,
  NotificationChanges,
  NotificationMessage,
  NotificationOptions,
  NotificationType,
  ResolvedNotificationConfig,
} from "./notification_options.js";

/** Why a countdown is paused; each reason is set and cleared on its own. */
export type PauseReason = "hover" | "focus" | "hidden";

/** A notification as the view sees it (a snapshot: changing it changes nothing). */
export interface NotificationView {
  id: number;
  message: NotificationMessage;
  title: string | undefined;
  type: NotificationType;
  sticky: boolean;
  className: string;
  buttons: NotificationButton[];
  autocloseDelay: number;
  /** How many callers show it: equal adds merge into one notification (×3). */
  count: number;
  /** Bumped each time the countdown restarts, so the progress bar restarts with it. */
  generation: number;
  /** Whether the countdown is paused (hover, focus, hidden page) or not running. */
  paused: boolean;
}

interface Entry extends Omit<NotificationView, "paused" | "count"> {
  key: string;
  /** Each caller's id and `onClose`, in the order they were added. */
  callers: Map<number, (() => void) | undefined>;
  remaining: number;
  startedAt: number | null;
  timer: TimeoutId | undefined;
  pauses: Set<PauseReason>;
}

/**
 * The notifications of one env, framework-free: what is shown, what waits, and each countdown.
 * Countdowns run only while a view is attached (a notification nobody could see never closes by
 * itself), while the notification is among the `maxVisible` shown, and while nothing pauses it.
 * Its subscribers are called after every change.
 */
export class NotificationStore extends Subscribable {
  /** Open notifications, oldest first: the first `maxVisible` are shown, the rest wait. */
  readonly #entries: Entry[] = [];
  /** The same entries by their id and each caller's, and the unchanged ones by merge key: adds stay O(1). */
  readonly #byId = new Map<number, Entry>();
  readonly #byKey = new Map<string, Entry>();
  #nextId = 1;
  #attached = 0;
  #pageHidden = false;

  constructor(readonly config: ResolvedNotificationConfig) {
    super();
  }

  /** The notifications shown now, oldest first. */
  get visible(): NotificationView[] {
    return this.#entries
      .slice(0, this.config.maxVisible)
      .map(({ key, callers, remaining, startedAt, timer, pauses, ...view }) => ({ ...view, count: callers.size, paused: startedAt === null }));
  }

  /** How many wait for a place. */
  get queued(): number {
    return Math.max(0, this.#entries.length - this.config.maxVisible);
  }

  /**
   * Adds a notification and returns the caller's id. An add equal to one open (type, title, text,
   * class, stickiness, no buttons) merges into it: one more caller, its own `onClose`, a restarted
   * countdown.
   */
  add(message: NotificationMessage, options: NotificationOptions = {}): number {
    const id = this.#nextId++;
    const { type = "warning", title, sticky = false, className = "", buttons = [] } = options;
    // Buttons are one caller's actions: such a notification is never shared. Markup and strings with the same text differ.
    const key = buttons.length ? "" : JSON.stringify([type, title, typeof message === "string", String(message), className, sticky]);
    const same = this.#byKey.get(key);
    if (same) {
      same.callers.set(id, options.onClose);
      this.#byId.set(id, same);
      this.#restart(same);
    } else {
      this.#push({ key, message, title, type, sticky, className, buttons, autocloseDelay: options.autocloseDelay ?? this.config.autocloseDelay }, id, options.onClose);
    }
    this.notify();
    return id;
  }

  #push(fields: Omit<Entry, "id" | "callers" | "generation" | "remaining" | "startedAt" | "timer" | "pauses">, caller: number, onClose: (() => void) | undefined): Entry {
    const entry: Entry = {
      ...fields,
      id: this.#nextId++,
      callers: new Map([[caller, onClose]]),
      generation: 0,
      remaining: fields.autocloseDelay,
      startedAt: null,
      timer: undefined,
      pauses: new Set(),
    };
    this.#entries.push(entry);
    this.#byId.set(entry.id, entry).set(caller, entry);
    if (entry.key) this.#byKey.set(entry.key, entry);
    // Only the new one can change state: the others keep their places.
    this.#sync(entry, this.#entries.length - 1);
    return entry;
  }

  /** Whether the notification or caller `id` is open (shown or waiting). */
  has(id: number): boolean {
    return this.#byId.has(id);
  }

  /**
   * Changes an open notification; a new delay or stickiness restarts its countdown. A caller that
   * shares its notification gets one of its own, so the others keep theirs. Returns false if it is closed.
   */
  update(id: number, changes: NotificationChanges): boolean {
    let entry = this.#byId.get(id);
    if (!entry) {
      return false;
    }
    const onClose = entry.callers.get(id);
    if (entry.callers.size > 1 && entry.callers.delete(id)) entry = this.#push({ ...entry, key: "" }, id, onClose);
    const timing = changes.autocloseDelay !== undefined || changes.sticky !== undefined;
    // `changes` holds only the options update() accepts (the service checks them).
    for (const [name, value] of Object.entries(changes)) if (value !== undefined) (entry as unknown as Record<string, unknown>)[name] = value;
    // An updated notification no longer merges with new ones.
    if (this.#byKey.get(entry.key) === entry) this.#byKey.delete(entry.key);
    entry.key = "";
    if (timing) {
      this.#restart(entry);
    }
    this.notify();
    return true;
  }

  /**
   * Closes a notification (its own id: every caller's `onClose` runs) or one caller's part of it
   * (a caller's id: its `onClose` runs; the notification closes with its last caller). Nothing if
   * already closed; a waiting one takes the place of a closed one.
   */
  close(id: number): void {
    const entry = this.#byId.get(id);
    if (!entry) {
      return;
    }
    const { callers } = entry;
    const onClose = callers.get(id);
    this.#byId.delete(id);
    // A caller's id takes its part only; the notification closes with its last caller or by its own id.
    if (!(callers.delete(id) && callers.size)) {
      this.#entries.splice(this.#entries.indexOf(entry), 1);
      this.#forget(entry);
      this.#syncAll();
    }
    this.notify();
    // After the store is consistent: the handler may add or close notifications itself.
    onClose?.();
    if (id === entry.id) for (const f of callers.values()) f?.();
  }

  /**
   * Closes every notification, shown or waiting, at once: one change (no waiting notification is
   * shown, or announced, on its way out), then each `onClose` in order.
   */
  closeAll(): void {
    const closed = [...this.#entries];
    this.dispose();
    for (const entry of closed) for (const f of entry.callers.values()) f?.();
  }

  /** Drops every notification and its countdown, without running `onClose` (the app is going away). */
  dispose(): void {
    this.#entries.splice(0).forEach((entry) => {
      this.#forget(entry);
    });
    this.notify();
  }

  #forget(entry: Entry): void {
    browser.clearTimeout(entry.timer);
    entry.timer = undefined;
    entry.startedAt = null;
    this.#byId.delete(entry.id);
    for (const caller of entry.callers.keys()) this.#byId.delete(caller);
    if (this.#byKey.get(entry.key) === entry) this.#byKey.delete(entry.key);
  }

  /** Pauses `id`'s countdown for `reason` until `resume(id, reason)`. */
  pause(id: number, reason: PauseReason): void {
    this.#setPause(id, reason, true);
  }

  resume(id: number, reason: PauseReason): void {
    this.#setPause(id, reason, false);
  }

  /** The time left before `id` closes itself, in ms (`Infinity` for sticky, `0` once closed). */
  timeLeft(id: number): number {
    const entry = this.#byId.get(id);
    if (!entry) return 0;
    if (entry.sticky) return Infinity;
    return entry.startedAt === null ? entry.remaining : entry.remaining - (browser.now() - entry.startedAt);
  }

  /** Every countdown pauses while the page is hidden. */
  setPageHidden(hidden: boolean): void {
    this.#pageHidden = hidden;
    this.#syncAll();
    this.notify();
  }

  /** A view shows the notifications: countdowns may run. Returns the detach function. */
  attach(): () => void {
    this.#attached++;
    this.#syncAll();
    this.notify();
    let attached = true;
    return () => {
      if (attached) {
        attached = false;
        this.#attached--;
        this.#syncAll();
        this.notify();
      }
    };
  }

  #setPause(id: number, reason: PauseReason, paused: boolean): void {
    const entry = this.#byId.get(id);
    if (!entry || entry.pauses.has(reason) === paused) {
      return;
    }
    if (paused) entry.pauses.add(reason);
    else entry.pauses.delete(reason);
    this.#sync(entry, this.#shownIndex(entry));
    this.notify();
  }

  #restart(entry: Entry): void {
    this.#stop(entry);
    entry.remaining = entry.autocloseDelay;
    entry.generation++;
    this.#sync(entry, this.#shownIndex(entry));
  }

  /** `entry`'s place among the shown ones, or `maxVisible` when it waits (looks at the shown ones only). */
  #shownIndex(entry: Entry): number {
    const shown = Math.min(this.#entries.length, this.config.maxVisible);
    for (let index = 0; index < shown; index++) if (this.#entries[index] === entry) return index;
    return this.config.maxVisible;
  }

  /** Syncs the shown ones; those waiting never ran (entries only move towards the front). */
  #syncAll(): void {
    const shown = Math.min(this.#entries.length, this.config.maxVisible);
    for (let index = 0; index < shown; index++) this.#sync(this.#entries[index]!, index);
  }

  /** Starts or stops `entry`'s countdown to match whether it should run now. */
  #sync(entry: Entry, index: number): void {
    const shouldRun =
      !entry.sticky && this.#attached > 0 && !this.#pageHidden && index < this.config.maxVisible && entry.pauses.size === 0;
    if (!shouldRun) {
      this.#stop(entry);
    } else if (entry.startedAt === null) {
      entry.startedAt = browser.now();
      entry.timer = browser.setTimeout(() => this.close(entry.id), Math.max(0, entry.remaining));
    }
  }

  #stop(entry: Entry): void {
    if (entry.startedAt !== null) {
      entry.remaining = Math.max(0, entry.remaining - (browser.now() - entry.startedAt));
      entry.startedAt = null;
      browser.clearTimeout(entry.timer);
      entry.timer = undefined;
    }
  }
}
