/**
 * A bus client for the server's tests: a `ws` socket on `/websocket` with a signed-in client's
 * session cookie, that keeps every notification it gets and how it closed, and waits for either.
 */
import WebSocket from "ws";
import { busBounds } from "../../../../demo/server/bus/bus_store";
import type { DemoServer } from "../../../../demo/server/server";
import type { OdooClient } from "../demo_server_helpers";

export interface Notification {
  id: number;
  message: { type: string; payload: { model?: string; ids?: number[] } & Record<string, unknown> };
}

export interface Closed {
  code: number;
  reason: string;
}

export class BusClient {
  readonly notifications: Notification[] = [];
  /** Each frame as it came: an array of notifications. */
  readonly frames: Notification[][] = [];
  readonly closed: Promise<Closed>;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      const frame = JSON.parse(data.toString()) as Notification[];
      this.frames.push(frame);
      this.notifications.push(...frame);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on("error", () => undefined);
  }

  /** Opens a socket as `client`'s session (none: no cookie); resolves once open (or closed, for a refusal). */
  static async open(server: DemoServer, client: OdooClient | undefined, options: WebSocket.ClientOptions = {}): Promise<BusClient> {
    const headers = client?.cookie ? { Cookie: client.cookie } : undefined;
    const ws = new WebSocket(`${server.url.replace("http", "ws")}/websocket`, { headers, ...options });
    const bus = new BusClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("unexpected-response", (_request, response) => reject(new Error(`/websocket answered HTTP ${response.statusCode}`)));
      ws.once("close", () => resolve());
    });
    return bus;
  }

  /**
   * A socket of `client`'s session, subscribed to `channels` from the newest id: it hears of every
   * write committed after this call, whenever the server reads the subscribe (its catch-up gives what came between).
   * On an empty bus (newest id 0) the server answers that first subscription with a reset at the
   * newest id it reads then, which would pass over a write made between: so it waits for that
   * reset, and forgets it (what the returned socket holds is what came after it).
   */
  static async listening(server: DemoServer, client: OdooClient, channels: string[], options: WebSocket.ClientOptions = {}): Promise<BusClient> {
    const bus = await BusClient.open(server, client, options);
    const { top } = await busBounds(server.db);
    bus.subscribe(channels, top);
    if (top === 0) {
      await bus.next((notification) => notification.message.type === "bus/reset");
      bus.notifications.splice(0, 1);
      bus.frames.splice(0, 1);
    }
    return bus;
  }

  /**
   * Sends `subscribe`. The server does not answer it: that it was read shows only in what comes after,
   * a notification on its channels (bus_audience.test.ts writes one to be certain), or a refusal that closes the socket.
   */
  subscribe(channels: unknown[], last = 0): void {
    this.send({ event_name: "subscribe", data: { channels, last } });
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** The first notification after index `from` that matches, waiting for it. */
  async next(matches: (notification: Notification) => boolean = () => true, from = 0): Promise<Notification> {
    for (;;) {
      const found = this.notifications.slice(from).find(matches);
      if (found) return found;
      await new Promise<void>((resolve, reject) => {
        this.waiters.push(resolve);
        void this.closed.then((closed) => reject(new Error(`the socket closed (${closed.code} ${closed.reason}) before the notification came; got ${JSON.stringify(this.notifications)}`)));
      });
    }
  }

  close(): Promise<Closed> {
    this.ws.close();
    return this.closed;
  }
}
