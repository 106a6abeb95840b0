/**
 * The tabs of one origin and the bus: one tab holds the socket (a Web Lock every tab queues for,
 * else the lease election of `tab_election.ts`), and the tabs talk over a BroadcastChannel: each
 * tells the others its channels, the holder relays what the server sends and how the socket is.
 * A tab that closes says so, so the next holder takes over at once.
 */
import { isRecord } from "../../checks.js";
import { TabChannel } from "../../tab_election.js";
import { isNotification } from "./bus_socket.js";
import type { BusClose, BusNotification, BusState } from "./types.js";

export type BusTabMessage =
  /** A tab starts: the others tell it their channels (and the holder, the socket's state). */
  | { type: "bus:hello"; tab: string }
  | { type: "bus:channels"; tab: string; channels: string[] }
  /** A tab closes: its channels go, and if it held the socket, the lease is free. */
  | { type: "bus:bye"; tab: string }
  | { type: "bus:notify"; notifications: BusNotification[] }
  | { type: "bus:state"; state: BusState; close?: BusClose | undefined }
  /** A tab's session changed: the holder opens the socket again, with the new cookie. */
  | { type: "bus:session" };

const STATES: readonly string[] = ["connecting", "connected", "disconnected"];

/** A message of another tab (another version, possibly): checked before it is trusted. */
function readMessage(data: unknown): BusTabMessage | undefined {
  if (!isRecord(data) || typeof data.type !== "string") return undefined;
  const { type, tab } = data;
  if (type === "bus:session") return { type };
  if (type === "bus:notify") return Array.isArray(data.notifications) ? { type, notifications: data.notifications.filter(isNotification) } : undefined;
  if (type === "bus:state") {
    const { state, close } = data;
    const known = isRecord(close) && typeof close.code === "number" && typeof close.reason === "string";
    return typeof state === "string" && STATES.includes(state) ? { type, state: state as BusState, close: known ? { code: close.code as number, reason: close.reason as string } : undefined } : undefined;
  }
  if (typeof tab !== "string") return undefined;
  if (type === "bus:hello" || type === "bus:bye") return { type, tab };
  const { channels } = data;
  return type === "bus:channels" && Array.isArray(channels) && channels.every((channel) => typeof channel === "string") ? { type, tab, channels } : undefined;
}

/** The bus's channel between tabs, and its one socket holder (`lead`). */
export class BusTabs extends TabChannel<BusTabMessage> {
  /** Ends this tab's hold of the socket, or its wait for it. */
  readonly #ended = new AbortController();

  constructor(channelName: string | undefined, onMessage: (message: BusTabMessage) => void) {
    super(channelName ?? "", channelName, readMessage, onMessage);
  }

  /** Calls `hold` once this tab holds the socket for the origin (at once without other tabs), until `close()`. */
  lead(hold: () => void): void {
    const signal = this.#ended.signal;
    const held = new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
    const run = async () => {
      if (signal.aborted) return;
      hold();
      await held;
    };
    // No channel: no tab hears this one's notifications, so each holds a socket of its own.
    if (this.shared) void this.exclusively(run, signal).catch(() => undefined);
    else void run();
  }

  /** This tab closes: it says so, lets the socket go to the next tab and stops listening. */
  override close(): void {
    this.post({ type: "bus:bye", tab: this.tab });
    this.#ended.abort();
    super.close();
  }

  /** The holder that said goodbye freed its lease: the next one need not wait for it to run out. */
  protected override heard(message: BusTabMessage): void {
    if (message.type === "bus:bye") this.election?.hear({ type: "release", tab: message.tab });
    super.heard(message);
  }
}
