/**
 * `/websocket`, Odoo 17's bus endpoint, on the `ws` package: the upgrade is checked (same Origin,
 * a signed-in session, sockets per session), then the client's `subscribe` frames are checked
 * (shape, event, channels it may read) and handed to the hub. Refusals close with a code the
 * client acts on: 4001 (sign in again), 4003 (Origin), 1008 (a frame the bus will not take), 1009
 * (a frame too big, by `ws` itself). Each socket is pinged; one that did not answer is dropped.
 */
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type RawData, WebSocket, WebSocketServer } from "ws";
import type { BusLimits } from "../limits";
import type { ModelRegistry, User } from "../models/base/model";
import { SESSION_COOKIE, type SessionStore } from "../models/http_session";
import type { BusClient, BusHub } from "./bus_hub";
import { show } from "../values";

/** How much of a sent value a refusal quotes: a close reason fits in 123 bytes. */
const QUOTED = 40;

export const BUS_ROUTE = "/websocket";
/** Close codes (1008 and 1009 are the WebSocket standard's; 4001 and 4003, like Odoo's, the application's). */
export const CLOSE_SESSION_EXPIRED = 4001;
export const CLOSE_FORBIDDEN_ORIGIN = 4003;
export const CLOSE_POLICY = 1008;

export interface BusSocketDeps {
  hub: BusHub;
  sessions: SessionStore;
  models: ModelRegistry;
  limits: BusLimits;
  parseCookie(header: string): Record<string, string | undefined>;
}

/** A close reason fits in 123 bytes of UTF-8. */
const reasonOf = (text: string) => (Buffer.byteLength(text) <= 123 ? text : `${Buffer.from(text).subarray(0, 119).toString().replace(/\uFFFD$/, "")}…`);

/** What the frame asks, or why it is refused. */
function parseFrame(data: RawData, user: User, deps: BusSocketDeps): { channels: string[]; last: number } | string {
  let frame: unknown;
  try {
    frame = JSON.parse(data.toString());
  } catch {
    return "malformed frame: not JSON";
  }
  if (typeof frame !== "object" || frame === null || typeof (frame as { event_name?: unknown }).event_name !== "string") {
    return 'malformed frame: expected {"event_name": "subscribe", "data": {…}}';
  }
  const { event_name: event, data: body } = frame as { event_name: string; data?: { channels?: unknown; last?: unknown } };
  if (event !== "subscribe") return `unknown event_name ${show(event, QUOTED)}: the bus takes "subscribe"`;
  const channels = body?.channels;
  const last = body?.last ?? 0;
  if (!Array.isArray(channels)) return "malformed subscribe: data.channels must be a list of model names";
  if (channels.length > deps.limits.maxBusChannels) return `too many channels: ${channels.length} (at most ${deps.limits.maxBusChannels} per socket)`;
  if (!Number.isSafeInteger(last) || (last as number) < 0) return `malformed subscribe: data.last must be an id (an integer >= 0), got ${show(last, QUOTED)}`;
  for (const channel of channels) {
    const allowed = typeof channel === "string" && deps.models.has(channel) && deps.models.get(channel).access[user.role].read;
    if (!allowed) return `channel not allowed: ${show(channel, QUOTED)} (a channel is a model ${user.name} may read)`;
  }
  return { channels: [...new Set(channels as string[])], last: last as number };
}

/** A socket as the hub sees it, and whether it answered the last ping. */
type PingedClient = BusClient & { alive: boolean };

/** The socket as the hub sees it, once its session is known. */
function busClient(ws: WebSocket, user: User, sessionId: string): PingedClient {
  return {
    user,
    sessionId,
    channels: new Set(),
    sent: 0,
    alive: true,
    send: (messages) => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify(messages)),
    close: (code, reason) => ws.close(code, reasonOf(reason)),
  };
}

/** Whether the page that opened the socket is on this server's origin (no Origin: not a browser, nothing to hijack). */
function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

async function open(ws: WebSocket, request: IncomingMessage, deps: BusSocketDeps): Promise<PingedClient | undefined> {
  if (!sameOrigin(request)) {
    ws.close(CLOSE_FORBIDDEN_ORIGIN, reasonOf(`forbidden Origin ${request.headers.origin}: ${BUS_ROUTE} takes pages of ${request.headers.host}`));
    return undefined;
  }
  const sessionId = deps.parseCookie(request.headers.cookie ?? "")[SESSION_COOKIE];
  const session = await deps.sessions.get(sessionId);
  if (!session?.user) {
    ws.close(CLOSE_SESSION_EXPIRED, "session expired: sign in again");
    return undefined;
  }
  if (deps.hub.socketsOf(session.id) >= deps.limits.maxBusSockets) {
    ws.close(CLOSE_POLICY, `too many sockets for this session (at most ${deps.limits.maxBusSockets})`);
    return undefined;
  }
  if (ws.readyState !== WebSocket.OPEN) return undefined;
  const client = busClient(ws, session.user, session.id);
  deps.hub.add(client);
  ws.on("pong", () => (client.alive = true));
  ws.on("close", () => deps.hub.remove(client));
  return client;
}

/** Pings every socket; drops those that did not answer the last ping, and closes those whose session ended. */
function pingRound(deps: BusSocketDeps, clients: Map<PingedClient, WebSocket>): void {
  for (const [client, ws] of clients) {
    if (!client.alive) {
      ws.terminate();
      deps.hub.remove(client);
      continue;
    }
    client.alive = false;
    ws.ping();
    void deps.sessions.get(client.sessionId).then(
      (session) => session?.user || client.close(CLOSE_SESSION_EXPIRED, "session expired: sign in again"),
      () => undefined,
    );
  }
}

/** Serves `/websocket` on `server`; `close()` stops the pings (the hub closes the sockets). */
export function attachBusSockets(server: Server, deps: BusSocketDeps): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: deps.limits.maxBusFrameBytes });
  const sockets = new Map<PingedClient, WebSocket>();
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(request.url ?? "/", "http://localhost").pathname !== BUS_ROUTE) {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      // `ws` closes a frame past maxPayload with 1009 and reports it here; nothing else to do.
      ws.on("error", () => undefined);
      const connection = { close: (code: number, reason: string) => ws.close(code, reason), terminate: () => ws.terminate() };
      deps.hub.connections.add(connection);
      ws.on("close", () => deps.hub.connections.delete(connection));
      const ready = open(ws, request, deps).then((client) => {
        if (client) sockets.set(client, ws);
        ws.on("close", () => client && sockets.delete(client));
        return client;
      }, () => {
        ws.close(1011, "the session could not be checked: try again");
        return undefined;
      });
      // Frames that come before the session is known wait for it, in order.
      ws.on("message", (data) =>
        void ready.then((client) => {
          if (!client || ws.readyState !== WebSocket.OPEN) return;
          const asked = parseFrame(data, client.user, deps);
          if (typeof asked === "string") ws.close(CLOSE_POLICY, reasonOf(asked));
          else void deps.hub.subscribe(client, asked.channels, asked.last);
        }),
      );
    });
  };
  server.on("upgrade", onUpgrade);
  const pings = setInterval(() => pingRound(deps, sockets), deps.limits.busPingInterval);
  pings.unref();
  return {
    close() {
      clearInterval(pings);
      server.off("upgrade", onUpgrade);
      wss.close();
    },
  };
}
