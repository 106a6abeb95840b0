/**
 * The tabs of one origin and the outbox: one tab sends at a time (a Web Lock that every tab
 * queues for, so the line goes on when the sending tab closes), and every tab hears what changed,
 * what was applied and what failed (BroadcastChannel), so each shows the same entries and each
 * caller gets its answer, whichever tab sent its write. Without Web Locks, the tabs elect their
 * sender over the same channel, with a lease (`src/tab_election.ts`).
 */
import { browser } from "../../browser.js";
import { readLeaseMessage, TabElection, type ElectionTiming } from "../../tab_election.js";

const LOCK = "owl-services:outbox:send";

export type TabMessage =
  | { type: "changed" }
  | { type: "applied"; id: string; result: unknown }
  | { type: "failed"; id: string; error: { route: string; code: number; message: string; data: unknown } };

function readMessage(data: unknown): TabMessage | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const message = data as Record<string, unknown>;
  if (message.type === "changed") return { type: "changed" };
  if (typeof message.id !== "string") return undefined;
  if (message.type === "applied") return { type: "applied", id: message.id, result: message.result };
  const error = message.error as Record<string, unknown> | undefined;
  if (message.type === "failed" && typeof error?.message === "string" && typeof error.route === "string" && typeof error.code === "number") {
    return { type: "failed", id: message.id, error: { route: error.route, code: error.code, message: error.message, data: error.data } };
  }
  return undefined;
}

export class OutboxTabs {
  private channel: BroadcastChannel | undefined;
  /** The election, where the platform has no Web Locks but a channel. */
  private readonly election: TabElection | undefined;

  constructor(channelName: string | undefined, onMessage: (message: TabMessage) => void, timing?: ElectionTiming) {
    const Channel = channelName ? browser.BroadcastChannel : undefined;
    this.channel = Channel ? new Channel(channelName!) : undefined;
    const channel = this.channel;
    if (channel && !browser.locks) this.election = new TabElection((message) => channel.postMessage(message), timing);
    channel?.addEventListener("message", (event) => {
      const data = (event as MessageEvent<unknown>).data;
      const lease = this.election && typeof data === "object" && data !== null ? readLeaseMessage(data as Record<string, unknown>) : undefined;
      if (lease) return this.election!.hear(lease);
      const message = readMessage(data);
      if (message) onMessage(message);
    });
  }

  post(message: TabMessage): void {
    this.channel?.postMessage(message);
  }

  /** Runs `send` as the origin's one sending tab (waiting for the tab that sends now, if any). */
  async exclusively(send: () => Promise<void>): Promise<void> {
    const locks = browser.locks;
    if (locks) await locks.request(LOCK, send);
    else if (this.election) await this.election.exclusively(send);
    else await send();
  }

  /** Ends the election and the channel: what is posted afterwards (an entry stored after its tab stopped) goes nowhere. */
  close(): void {
    this.election?.close();
    this.channel?.close();
    this.channel = undefined;
  }
}
