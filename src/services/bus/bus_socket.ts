/**
 * The origin's one socket (held by one tab): Odoo 17's bus protocol over a WebSocket. It subscribes
 * with the channels and the last id received, again whenever the channels change; reads the
 * server's arrays of notifications; and reconnects as the rpc does. A socket that was open and
 * closes tells the connection monitor at once (its one notice), and opens again when the monitor
 * says the server is back; one that never opened tries again on the rpc's schedule. A close for
 * the session (4001) waits for the session to change; a refusal (4003, 1008, 1009) waits for the
 * channels or the session to change.
 */
import { browser, socketGlobals, type TimeoutId } from "../../browser.js";
import { isRecord } from "../../checks.js";
import type { ConnectionMonitor } from "../rpc/call/connection_monitor.js";
import { reconnectDelay } from "../rpc/call/rpc_options.js";
import type { ResolvedBusOptions } from "./bus_options.js";
import type { BusClose, BusNotification, BusState } from "./types.js";

/** The server's close codes the bus acts on: the session ended, or the server refuses this socket as it is. */
const CLOSE_SESSION = 4001;
/** 4003: the page's origin is refused; 1008: a frame or a limit broke the server's policy; 1009: a frame too big. */
const CLOSE_REFUSED = [4003, 1008, 1009];

export interface SocketHost {
  /** The channels and the last id, read at each subscribe. */
  subscription(): { channels: string[]; last: number };
  received(notifications: BusNotification[]): void;
  stateChanged(state: BusState, close?: BusClose): void;
  /** The server closed for the session: nothing reconnects until `resume()`. */
  sessionClosed(): void;
}

/** Whether `item` is a notification as the protocol has it (from the server, or from another tab). */
export function isNotification(item: unknown): item is BusNotification {
  return isRecord(item) && Number.isSafeInteger(item.id) && (item.id as number) > 0 && isRecord(item.message) && typeof item.message.type === "string";
}

/** The notifications of a frame, or why it holds none: the server's data is checked before use. */
function readFrame(data: unknown): BusNotification[] | string {
  if (typeof data !== "string") return "not a text frame";
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return `not JSON: ${data.slice(0, 80)}`;
  }
  if (!Array.isArray(parsed)) return `not an array of notifications: ${data.slice(0, 80)}`;
  const valid = parsed.filter(isNotification);
  if (valid.length < parsed.length) return `${parsed.length - valid.length} malformed notification(s) ({ id, message: { type, payload } } expected): ${data.slice(0, 80)}`;
  return valid;
}

export class BusSocket {
  #socket: WebSocket | undefined;
  /** Sockets in a row that closed before they opened. */
  #failures = 0;
  readonly #phase = browser.random();
  #timer: TimeoutId | undefined;
  /** Why it does not reconnect by itself: the session, or a refusal. */
  #paused: "session" | "refused" | undefined;
  #stopped = false;
  readonly #unsubscribe: () => void;

  constructor(
    private readonly options: ResolvedBusOptions,
    private readonly monitor: ConnectionMonitor,
    private readonly host: SocketHost,
  ) {
    this.#unsubscribe = monitor.subscribe((event) => event.type === "restored" && this.#open());
    this.#open();
  }

  /** Subscribes again (the channels changed); a socket the server refused tries again. */
  resubscribe(): void {
    if (this.#paused === "refused") this.resume();
    else if (this.#socket?.readyState === 1) this.#send();
  }

  /** Opens again now (the session changed: the server must see its cookie), with the last id. */
  resume(): void {
    this.#paused = undefined;
    this.#failures = 0;
    this.#close();
    this.#open();
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe();
    this.#close();
  }

  #send(): void {
    const { channels, last } = this.host.subscription();
    this.#socket?.send(JSON.stringify({ event_name: "subscribe", data: { channels, last } }));
  }

  #open(): void {
    if (this.#stopped || this.#paused || this.#socket) return;
    browser.clearTimeout(this.#timer);
    const Socket = socketGlobals.WebSocket;
    if (!Socket) {
      this.#paused = "refused";
      console.warn(`owl-services: the bus cannot open ${this.options.url}: this platform has no WebSocket`);
      return;
    }
    const socket = new Socket(this.options.url);
    this.#socket = socket;
    let opened = false;
    this.host.stateChanged("connecting");
    socket.onopen = () => {
      opened = true;
      this.#failures = 0;
      this.#send();
      this.host.stateChanged("connected");
    };
    socket.onmessage = (event: MessageEvent<unknown>) => {
      const notifications = readFrame(event.data);
      if (typeof notifications === "string") console.warn(`owl-services: bus ${this.options.url}: a frame was dropped, ${notifications}`);
      else if (notifications.length) this.host.received(notifications);
    };
    // #close() takes the handlers off before it lets a socket go: a close heard here is this socket's.
    socket.onclose = (event: CloseEvent) => {
      this.#socket = undefined;
      this.#closed({ code: event.code, reason: event.reason }, opened);
    };
  }

  #closed(close: BusClose, opened: boolean): void {
    this.host.stateChanged("disconnected", close);
    if (close.code === CLOSE_SESSION) {
      this.#paused = "session";
      this.host.sessionClosed();
    } else if (CLOSE_REFUSED.includes(close.code)) {
      this.#paused = "refused";
      console.warn(`owl-services: bus ${this.options.url}: the server refused the socket (${close.code} ${close.reason}); it opens again when the channels or the session change`);
    } else if (opened) {
      // The monitor shows the one notice, polls on its herd-safe schedule, and says when to open again.
      this.monitor.reportLost();
    } else if (this.monitor.state === "online") {
      this.#timer = browser.setTimeout(() => this.#open(), reconnectDelay(this.#failures++, this.options.reconnect, this.#phase));
    }
  }

  /** Closes the socket, if open, with none of its handlers left. */
  #close(): void {
    browser.clearTimeout(this.#timer);
    const socket = this.#socket;
    this.#socket = undefined;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = null;
    socket.close(1000);
  }
}
