/**
 * One tab of an origin at a time where there are no Web Locks: an election over a BroadcastChannel,
 * with a lease (the outbox's sending tab, the bus's socket holder). A tab that wants to hold claims
 * the lease and listens for a while; it yields to a tab that holds the lease already, and between
 * two tabs claiming at once the lower id wins. The holder renews its lease while it runs and
 * releases it when done. A tab that closes stops renewing, and the others take over when its lease
 * runs out. Two holders at once stay possible (a frozen tab): what runs must bear it (the outbox's
 * keys, the bus's dedupe by id).
 */
import { browser, type TimeoutId } from "./browser.js";

export type LeaseMessage = { type: "lease"; tab: string; held: boolean; ms: number } | { type: "release"; tab: string };

export interface ElectionTiming {
  /** How long a lease lasts without renewal (ms): a closed holder is replaced after this. */
  lease: number;
  /** How long a claimer listens for a holder or a lower claimer before it holds (ms). */
  claim: number;
}

export const DEFAULT_ELECTION_TIMING: ElectionTiming = { lease: 3000, claim: 150 };

export function readLeaseMessage(message: Record<string, unknown>): LeaseMessage | undefined {
  if (typeof message.tab !== "string") return undefined;
  if (message.type === "release") return { type: "release", tab: message.tab };
  if (message.type === "lease" && typeof message.held === "boolean" && typeof message.ms === "number") {
    return { type: "lease", tab: message.tab, held: message.held, ms: message.ms };
  }
  return undefined;
}

export class TabElection {
  readonly tab = browser.randomUUID();
  /** Another tab's lease as last heard, and when it runs out (browser.now()). */
  private other: { tab: string; until: number } | undefined;
  /** Set while this tab claims: a holder, or a lower claimer, heard meanwhile makes it yield. */
  private yielded = false;
  private claiming = false;
  private holding = false;
  private closed = false;
  private renewal: TimeoutId | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly post: (message: LeaseMessage) => void,
    private readonly timing: ElectionTiming = DEFAULT_ELECTION_TIMING,
  ) {}

  /** A message from another tab. */
  hear(message: LeaseMessage): void {
    if (message.tab === this.tab) return;
    // A tab claims while this one sends: it hears at once that the lease is held.
    if (this.holding && message.type === "lease" && !message.held) this.renew();
    // A tab that claims after this one, with a higher id, may have missed this claim (its channel
    // did not exist yet): told again, it yields.
    if (this.claiming && message.type === "lease" && !message.held && message.tab > this.tab) {
      this.post({ type: "lease", tab: this.tab, held: false, ms: this.timing.lease });
    }
    if (message.type === "release") {
      if (this.other?.tab === message.tab) this.other = undefined;
    } else {
      if (this.claiming && (message.held || message.tab < this.tab)) this.yielded = true;
      if (message.held || message.tab < this.tab || !this.claiming) this.other = { tab: message.tab, until: browser.now() + message.ms };
    }
    this.wake?.();
  }

  /** Runs `send` as the only sending tab, waiting for the lease first (a closed tab runs nothing). */
  async exclusively(send: () => Promise<void>): Promise<void> {
    if (!(await this.acquire())) return;
    this.holding = true;
    const renewed = () => {
      this.renew();
      this.renewal = browser.setTimeout(renewed, this.timing.lease / 3);
    };
    renewed();
    try {
      await send();
    } finally {
      browser.clearTimeout(this.renewal);
      this.holding = false;
      if (!this.closed) this.post({ type: "release", tab: this.tab });
    }
  }

  /** This tab closes: it renews nothing more (its lease runs out for the others). */
  close(): void {
    this.closed = true;
    browser.clearTimeout(this.renewal);
    this.wake?.();
  }

  private renew(): void {
    if (!this.closed) this.post({ type: "lease", tab: this.tab, held: true, ms: this.timing.lease });
  }

  /** Resolves true once this tab holds the lease, false if it closed meanwhile. */
  private async acquire(): Promise<boolean> {
    for (;;) {
      if (this.closed) return false;
      const other = this.other;
      if (other && other.until > browser.now()) {
        await this.sleep(other.until - browser.now());
        continue;
      }
      this.other = undefined;
      this.claiming = true;
      this.yielded = false;
      this.post({ type: "lease", tab: this.tab, held: false, ms: this.timing.lease });
      await this.sleep(this.timing.claim, false);
      this.claiming = false;
      if (!this.yielded && !this.closed) return true;
    }
  }

  /** Waits `ms`, or (when `wakeable`) until a message about the lease arrives. */
  private sleep(ms: number, wakeable = true): Promise<void> {
    return new Promise((resolve) => {
      let timer: TimeoutId | undefined;
      const done = () => {
        browser.clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      timer = browser.setTimeout(done, Math.max(0, ms));
      if (wakeable) this.wake = done;
    });
  }
}

/**
 * A feature's messages between the tabs of an origin, and its one tab at a time: a BroadcastChannel
 * (none where the platform has none or no name is given), and a Web Lock named `lock` every tab
 * queues for, else the lease election over the same channel. Another tab's message (another
 * version's, possibly) is checked by `read` before it is trusted; the election's own stay with it.
 */
export class TabChannel<M> {
  readonly #channel: BroadcastChannel | undefined;
  /** The election, where the platform has a channel but no Web Locks. */
  protected readonly election: TabElection | undefined;
  /** This tab, as the others know it. */
  readonly tab: string;
  #closed = false;

  constructor(
    private readonly lock: string,
    channelName: string | undefined,
    read: (data: unknown) => M | undefined,
    private readonly onMessage: (message: M) => void,
    timing?: ElectionTiming,
  ) {
    const Channel = channelName ? browser.BroadcastChannel : undefined;
    const channel = Channel ? new Channel(channelName!) : undefined;
    this.#channel = channel;
    // Node's channel would keep a process alive; browsers have no unref.
    (channel as { unref?: () => void } | undefined)?.unref?.();
    if (channel && !browser.locks) this.election = new TabElection((message) => this.#post(message), timing);
    this.tab = this.election?.tab ?? browser.randomUUID();
    channel?.addEventListener("message", (event) => {
      const data = (event as MessageEvent<unknown>).data;
      const lease = this.election && typeof data === "object" && data !== null ? readLeaseMessage(data as Record<string, unknown>) : undefined;
      if (lease) return this.election!.hear(lease);
      const message = read(data);
      if (message) this.heard(message);
    });
  }

  /** Whether other tabs can be told anything (there is a channel). */
  get shared(): boolean {
    return this.#channel !== undefined;
  }

  post(message: M): void {
    this.#post(message);
  }

  /** Runs `run` as the origin's one tab (waiting for the tab that runs now, if any); `signal` withdraws a wait. */
  async exclusively(run: () => Promise<void>, signal?: AbortSignal): Promise<void> {
    const locks = browser.locks;
    if (locks) await (signal ? locks.request(this.lock, { signal }, run) : locks.request(this.lock, run));
    else if (this.election) await this.election.exclusively(run);
    else await run();
  }

  /** Ends the election and the channel: what is posted afterwards (by a tab that stopped) goes nowhere. */
  close(): void {
    this.#closed = true;
    this.election?.close();
    this.#channel?.close();
  }

  /** Another tab's message, checked. */
  protected heard(message: M): void {
    this.onMessage(message);
  }

  #post(message: unknown): void {
    if (this.#closed) return;
    try {
      this.#channel?.postMessage(message);
    } catch {
      // A channel the page closed as it goes away: this tab simply stops sharing.
    }
  }
}
