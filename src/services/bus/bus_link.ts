/**
 * The bus's chunk, loaded when a tab first needs the bus: this tab's part in the origin's one
 * socket. The tab that holds the socket (bus_tabs.ts) subscribes with every tab's channels, acts
 * on what the cache must hear (a reset, a model's records changed: once, for every tab, as the read
 * cache shares its invalidations) and relays each notification to the other tabs. Every tab keeps
 * the last id it got, so whichever tab holds the socket next subscribes from there: each
 * notification reaches each tab once, in id order, across a hand-over and a reconnection.
 */
import { browser } from "../../browser.js";
import { isRecord } from "../../checks.js";
import type { RPCService } from "../rpc/rpc_function.js";
import type { ResolvedBusOptions } from "./bus_options.js";
import { BusSocket } from "./bus_socket.js";
import { BusTabs, type BusTabMessage } from "./bus_tabs.js";
import { BUS_RESET, RECORDS_CHANGED, type BusClose, type BusHost, type BusNotification, type BusState, type SessionChanges } from "./types.js";

export interface BusLinkOptions {
  host: BusHost;
  rpc: RPCService;
  options: ResolvedBusOptions;
  session: SessionChanges | undefined;
}

export class BusLink {
  /** The last id this tab got (from the socket, another tab, or an earlier page of the origin). */
  #last: number;
  /** The other tabs' channels, by tab. */
  readonly #others = new Map<string, string[]>();
  /** While this tab holds the origin's socket. */
  #socket: BusSocket | undefined;
  /** The channels of the last subscribe, as JSON: the same set is not sent again. */
  #subscribed = "";
  /** The socket's state, while this tab holds it (told to a tab that starts). */
  #state: BusState = "disconnected";
  readonly #tabs: BusTabs;
  readonly #unsubscribe: () => void;
  readonly #lastKey: string;

  constructor(private readonly link: BusLinkOptions) {
    this.#lastKey = `owl-services:bus:last:${link.options.url}`;
    this.#last = this.#storedLast();
    this.#tabs = new BusTabs(link.options.channelName, (message) => this.#heard(message));
    this.#unsubscribe = link.session?.subscribe(() => this.#sessionChanged()) ?? (() => undefined);
    this.#tabs.post({ type: "bus:hello", tab: this.#tabs.tab });
    this.channelsChanged();
    this.#tabs.lead(() => this.#hold());
  }

  /** This tab's channels changed: the other tabs hear it, and the socket subscribes again. */
  channelsChanged(): void {
    this.#postChannels();
    this.#resubscribeIfChanged();
  }

  stop(): void {
    this.#unsubscribe();
    this.#socket?.stop();
    this.#socket = undefined;
    this.#tabs.close();
  }

  #postChannels(): void {
    this.#tabs.post({ type: "bus:channels", tab: this.#tabs.tab, channels: this.link.host.channels() });
  }

  /** The socket, if this tab holds it, subscribes again when the tabs' channels are not those it sent. */
  #resubscribeIfChanged(): void {
    if (this.#socket && JSON.stringify(this.#channels()) !== this.#subscribed) this.#socket.resubscribe();
  }

  /** Every tab's channels, sorted, each once. */
  #channels(): string[] {
    return [...new Set([...this.link.host.channels(), ...[...this.#others.values()].flat()])].sort();
  }

  /**
   * This tab holds the socket now: it opens it from the last id it got itself (the origin's, read
   * when it started, then what the holder relayed). Not the origin's last stored since: a holder
   * stores an id before its relay goes out, and one that closed in between would leave it unheard.
   */
  #hold(): void {
    const { host, rpc, options } = this.link;
    this.#socket = new BusSocket(options, rpc.layers.client.monitor, {
      subscription: () => {
        const channels = this.#channels();
        this.#subscribed = JSON.stringify(channels);
        return { channels, last: this.#last };
      },
      received: (notifications) => this.#received(notifications),
      stateChanged: (state: BusState, close?: BusClose) => {
        this.#state = state;
        host.setState(state, close);
        this.#tabs.post({ type: "bus:state", state, close });
      },
      sessionClosed: () => {
        // Where the rpc's refused calls wait (the session's sign-in dialog, if it set one): a sign-in
        // as the same user opens the socket again (another user's sign-in changes the session, which
        // does too). Not while no tab listens to a channel (a page before its sign-in): the next
        // change of session opens it.
        if (this.#channels().length) void rpc.layers.client.gate?.hold().then((decision) => decision === "again" && this.#socket?.resume());
      },
    });
  }

  /** The socket's notifications: the cache hears them once for all tabs, then every tab does. */
  #received(notifications: BusNotification[]): void {
    const fresh = this.#fresh(notifications);
    if (!fresh.length) return;
    try {
      browser.localStorage?.setItem(this.#lastKey, String(this.#last));
    } catch {
      // Full or denied: a reload then subscribes from the last id another tab has, or from now.
    }
    const reads = this.link.rpc.layers.reads;
    const models = new Set<string>();
    for (const { message } of fresh) {
      if (message.type === BUS_RESET) reads.invalidate();
      const payload = message.payload;
      if (message.type === RECORDS_CHANGED && isRecord(payload) && typeof payload.model === "string" && payload.model) models.add(payload.model);
    }
    for (const model of models) reads.invalidate(model);
    this.#tabs.post({ type: "bus:notify", notifications: fresh });
    this.link.host.dispatch(fresh);
  }

  /** The notifications this tab has not had yet, in id order; the last id moves past them. */
  #fresh(notifications: BusNotification[]): BusNotification[] {
    const fresh: BusNotification[] = [];
    for (const notification of [...notifications].sort((a, b) => a.id - b.id)) {
      if (notification.id <= this.#last) continue;
      this.#last = notification.id;
      fresh.push(notification);
    }
    return fresh;
  }

  #heard(message: BusTabMessage): void {
    const socket = this.#socket;
    switch (message.type) {
      case "bus:hello":
        this.#postChannels();
        if (socket) this.#tabs.post({ type: "bus:state", state: this.#state });
        break;
      case "bus:channels":
      case "bus:bye":
        if (message.type === "bus:bye") this.#others.delete(message.tab);
        else this.#others.set(message.tab, message.channels);
        this.#resubscribeIfChanged();
        break;
      case "bus:notify": {
        const fresh = this.#fresh(message.notifications);
        if (fresh.length) this.link.host.dispatch(fresh);
        break;
      }
      case "bus:state":
        if (!socket) this.link.host.setState(message.state, message.close);
        break;
      case "bus:session":
        socket?.resume();
        break;
    }
  }

  /** The session changed (a sign-in, a logout, another user): the socket opens again with its cookie. */
  #sessionChanged(): void {
    if (this.#socket) this.#socket.resume();
    else this.#tabs.post({ type: "bus:session" });
  }

  #storedLast(): number {
    try {
      const last = Number(browser.localStorage?.getItem(this.#lastKey));
      return Number.isSafeInteger(last) && last > 0 ? last : 0;
    } catch {
      return 0;
    }
  }
}
