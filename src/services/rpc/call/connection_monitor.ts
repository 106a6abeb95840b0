import { browser, type TimeoutId } from "../../../browser.js";
import { Subscribable } from "../../../subscribable.js";
import { reconnectAt, type ReconnectOptions } from "./rpc_options.js";

export type ConnectionState = "online" | "lost";

/** What the monitor tells its subscribers. */
export type ConnectionEvent =
  | { type: "lost" }
  /** The next poll (by this tab or the polling tab) is due at `at` (ms since the epoch). */
  | { type: "scheduled"; at: number; attempt: number }
  | { type: "polling" }
  | { type: "restored" };

/** A tab message as sent by this library's monitors, or undefined for anything else. */
function readTabMessage(data: unknown): TabMessage | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const { type, from, at } = data as Record<string, unknown>;
  if (typeof from !== "string" || from.length === 0 || from.length > 64) return undefined;
  if (type === "polling") return typeof at === "number" && Number.isFinite(at) ? { type, from, at } : undefined;
  return type === "lost" || type === "restored" || type === "resign" ? { type, from } : undefined;
}

/** Messages between the tabs of one origin. */
type TabMessage =
  | { type: "lost"; from: string }
  | { type: "polling"; from: string; at: number }
  | { type: "restored"; from: string }
  | { type: "resign"; from: string };

let monitorCount = 0;

/** Unique among the tabs of an origin (and among the monitors of one page). */
const makeTabId = (): string => `${browser.randomUUID()}-${++monitorCount}`;

export interface ConnectionMonitorOptions extends ReconnectOptions {
  /** The BroadcastChannel name; none: this tab alone. */
  channelName?: string | undefined;
}

/**
 * Knows whether the server answers, and while it does not, polls it with growing, jittered,
 * capped delays until it does. The tabs of one origin share this over `BroadcastChannel`: one
 * polls, all show the loss and recover together, and a polling tab that closes hands over.
 * Where the platform has Web Locks, the poller is elected with one: tabs that lose the server at
 * the same moment never both poll (without them, the one with the smaller id stands down after
 * both have polled once). Framework-free: the rpc service shows its events as notifications.
 */
export class ConnectionMonitor extends Subscribable<(event: ConnectionEvent) => void> {
  state: ConnectionState = "online";
  #attempt = 0;
  /** When this tab learnt of the current loss. */
  #lostAt = 0;
  /** When this tab began polling, and where in each window it polls (drawn once per loss). */
  #cycleStart = 0;
  #phase = 0;
  /** Ends a poll in flight when the monitor is disposed. */
  readonly #polling = new AbortController();
  #timer: TimeoutId | undefined;
  #watchdog: TimeoutId | undefined;
  #probing = false;
  /** The tab polling for everyone while the connection is lost (this one: `tabId`). */
  #poller: string | null = null;
  readonly #tabId = makeTabId();
  readonly #channel: BroadcastChannel | undefined;
  #waiters: (() => void)[] = [];
  readonly #cleanups: (() => void)[] = [];
  /** Releases the Web Lock this tab holds while it polls for the others, if it holds it. */
  #releaseLock: (() => void) | undefined;

  /** Resolves true when the server answered (whatever it said); `signal` aborts it (the monitor is disposed). */
  readonly #probe: (signal: AbortSignal) => Promise<boolean>;
  readonly #options: ConnectionMonitorOptions;

  constructor(probe: (signal: AbortSignal) => Promise<boolean>, options: ConnectionMonitorOptions) {
    super();
    this.#probe = probe;
    this.#options = options;
    const Channel = options.channelName ? browser.BroadcastChannel : undefined;
    if (Channel && options.channelName) {
      this.#channel = new Channel(options.channelName);
      // Node's implementation would otherwise keep a process alive; browsers have no unref.
      (this.#channel as { unref?: () => void }).unref?.();
      this.#channel.onmessage = (event: MessageEvent<unknown>) => this.#onTabMessage(event.data);
    }
    const poke = () => this.retryNow();
    const onVisible = () => browser.document?.visibilityState === "visible" && this.retryNow();
    const onPageHide = () => this.#resign();
    browser.addEventListener("online", poke);
    browser.addEventListener("pagehide", onPageHide);
    browser.document?.addEventListener("visibilitychange", onVisible);
    this.#cleanups.push(
      () => browser.removeEventListener("online", poke),
      () => browser.removeEventListener("pagehide", onPageHide),
      () => browser.document?.removeEventListener("visibilitychange", onVisible),
    );
  }

  /** A call could not reach the server: from online, go lost and start polling (or follow the tab that polls). */
  reportLost(): void {
    if (this.state === "lost") {
      return;
    }
    this.#goLost();
    this.#post({ type: "lost", from: this.#tabId });
    this.#claimPolling();
  }

  /** Online to lost, whoever learnt it first (this tab or another): noted when, and told. */
  #goLost(): void {
    this.state = "lost";
    this.#lostAt = browser.now();
    this.notify({ type: "lost" });
  }

  /**
   * A call got an answer: the server is back, unless the call was sent before the loss began (an
   * answer already on its way when the server went away proves nothing about it now).
   */
  reportAlive(sentAt?: number): void {
    if (this.state === "lost" && (sentAt === undefined || sentAt >= this.#lostAt)) {
      this.#restore(true);
    }
  }

  /** Polls at once (the "Retry now" button, the browser's `online` event, the page shown again). */
  retryNow(): void {
    if (this.state !== "lost" || this.#probing) {
      return;
    }
    browser.clearTimeout(this.#timer);
    void this.#poll();
  }

  /** Resolves when the connection is (back) online, or when `signal` aborts (the waiter is then dropped). */
  whenOnline(signal?: AbortSignal): Promise<void> {
    if (this.state === "online" || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = () => {
        signal?.removeEventListener("abort", drop);
        resolve();
      };
      const drop = () => {
        this.#waiters = this.#waiters.filter((other) => other !== waiter);
        resolve();
      };
      this.#waiters.push(waiter);
      signal?.addEventListener("abort", drop, { once: true });
    });
  }

  /** How many calls wait for the connection to come back (to re-send). */
  get waiting(): number {
    return this.#waiters.length;
  }

  /** Stops polling and listening; hands polling over to another tab first. */
  dispose(): void {
    this.#resign();
    this.#unlock();
    this.#polling.abort();
    browser.clearTimeout(this.#timer);
    browser.clearTimeout(this.#watchdog);
    this.#cleanups.forEach((cleanup) => {
      cleanup();
    });
    this.#channel?.close();
    this.listeners.clear();
  }

  /** This tab starts polling: a new phase, the schedule's first window from now. */
  #startCycle(): void {
    this.#cycleStart = browser.now();
    this.#phase = browser.random();
    this.#attempt = 0;
    this.#schedule();
  }

  /** The next poll of the schedule still ahead (a slow probe or "Retry now" may have passed some). */
  #schedule(): void {
    browser.clearTimeout(this.#timer);
    const now = browser.now();
    let at = this.#cycleStart + reconnectAt(this.#attempt, this.#options, this.#phase);
    while (at <= now && this.#attempt > 0) {
      at = this.#cycleStart + reconnectAt(++this.#attempt, this.#options, this.#phase);
    }
    at = Math.max(at, now);
    this.notify({ type: "scheduled", at, attempt: this.#attempt });
    this.#post({ type: "polling", from: this.#tabId, at });
    this.#timer = browser.setTimeout(() => {
      this.#attempt++;
      void this.#poll();
    }, at - now);
  }

  async #poll(): Promise<void> {
    this.#probing = true;
    this.#poller = this.#tabId;
    this.notify({ type: "polling" });
    let alive = false;
    try {
      alive = await this.#probe(this.#polling.signal);
    } catch {
      alive = false;
    }
    this.#probing = false;
    if (this.state !== "lost" || this.#polling.signal.aborted) {
      return; // back online meanwhile, or disposed: nothing more to schedule
    }
    if (alive) {
      this.#restore(true);
    } else if (this.#poller === this.#tabId) {
      this.#schedule();
    }
  }

  #restore(broadcast: boolean): void {
    this.state = "online";
    this.#poller = null;
    this.#unlock();
    browser.clearTimeout(this.#timer);
    browser.clearTimeout(this.#watchdog);
    if (broadcast) {
      this.#post({ type: "restored", from: this.#tabId });
    }
    this.notify({ type: "restored" });
    const waiters = this.#waiters;
    this.#waiters = [];
    waiters.forEach((resolve) => {
      resolve();
    });
  }

  #resign(): void {
    if (this.state === "lost" && this.#poller === this.#tabId) {
      this.#post({ type: "resign", from: this.#tabId });
    }
  }

  /**
   * This tab lost the server: it polls for all the tabs, unless another one already does. With Web
   * Locks the tabs elect one poller; a tab that loses the election follows the winner (whose
   * "polling" message is on its way) and takes over only if it goes quiet. Without them, or
   * alone, this tab polls.
   */
  #claimPolling(): void {
    const locks = this.#channel && browser.locks;
    if (!locks) {
      this.#takeOver();
      return;
    }
    this.#follow("", browser.now());
    locks
      .request(`${this.#options.channelName}:poller`, { ifAvailable: true }, (lock) => {
        if (!lock || this.#poller !== "" || this.state !== "lost" || this.#polling.signal.aborted) return;
        this.#takeOver();
        // Held while this tab polls for the others: restore, dispose or standing down releases it.
        return new Promise<void>((release) => (this.#releaseLock = release));
      })
      // Locks refused (an opaque origin, a document going away): poll, as without them.
      .catch(() => this.#poller === "" && this.#takeOver());
  }

  #unlock(): void {
    const release = this.#releaseLock;
    this.#releaseLock = undefined;
    release?.();
  }

  /** While another tab polls: take over if it goes quiet for longer than its longest delay. */
  #follow(from: string, at: number): void {
    if (this.#poller === this.#tabId) this.#unlock();
    this.#poller = from;
    browser.clearTimeout(this.#timer);
    browser.clearTimeout(this.#watchdog);
    const quiet = Math.max(0, at - browser.now()) + this.#options.reconnectMaxDelay + 5000;
    this.#watchdog = browser.setTimeout(() => this.#takeOver(), quiet);
  }

  #takeOver(): void {
    if (this.state === "lost" && !this.#probing) {
      browser.clearTimeout(this.#watchdog);
      this.#poller = this.#tabId;
      this.#startCycle();
    }
  }

  #onTabMessage(data: unknown): void {
    // Other tabs are code too, possibly another version or a forged message: check before trusting.
    const message = readTabMessage(data);
    if (!message || message.from === this.#tabId) {
      return;
    }
    switch (message.type) {
      case "lost":
        if (this.state === "online") {
          this.#attempt = 0;
          this.#goLost();
          // Until a poller speaks: if none does, this tab polls itself.
          this.#follow(message.from, browser.now());
        }
        break;
      case "polling": {
        if (this.state === "online") this.#goLost();
        // No schedule waits longer than the cap: a poll announced further away is not believed.
        const at = Math.min(message.at, browser.now() + this.#options.reconnectMaxDelay);
        // Two tabs polling: the smaller id keeps polling, the other follows.
        if (this.#poller !== this.#tabId || message.from < this.#tabId) {
          this.#follow(message.from, at);
          this.notify({ type: "scheduled", at, attempt: this.#attempt });
        }
        break;
      }
      case "restored":
        if (this.state === "lost") {
          this.#restore(false);
        }
        break;
      case "resign":
        if (this.state === "lost" && this.#poller === message.from) {
          this.#takeOver();
        }
        break;
    }
  }

  #post(message: TabMessage): void {
    try {
      this.#channel?.postMessage(message);
    } catch {
      // A closed channel (the page is going away): this tab simply stops sharing.
    }
  }
}
