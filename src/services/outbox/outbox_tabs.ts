/**
 * The tabs of one origin and the outbox: one tab sends at a time (a Web Lock that every tab
 * queues for, so the line goes on when the sending tab closes), and every tab hears what changed,
 * what was applied and what failed (BroadcastChannel), so each shows the same entries and each
 * caller gets its answer, whichever tab sent its write. Without Web Locks, the tabs elect their
 * sender over the same channel, with a lease (`src/tab_election.ts`).
 */
import { TabChannel, type ElectionTiming } from "../../tab_election.js";

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

/** The outbox's channel between tabs, and its one sending tab (`exclusively`). */
export class OutboxTabs extends TabChannel<TabMessage> {
  constructor(channelName: string | undefined, onMessage: (message: TabMessage) => void, timing?: ElectionTiming) {
    super(LOCK, channelName, readMessage, onMessage, timing);
  }
}
