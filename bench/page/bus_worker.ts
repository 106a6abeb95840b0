// The other design the bus could have had (#26), for bench/bus_tabs_choice.bench.ts only, never in
// src/: one SharedWorker per origin holds the one socket to /websocket, speaking the bus protocol
// the library speaks (subscribe with every tab's channels and the last id; arrays of { id, message }
// back), and relays each notification to every tab over its MessagePort. The worker outlives any
// one tab, so no tab hands the socket over. Kept minimal but honest: it dedupes by id, subscribes
// again when the tabs' channels change, and after a close opens again from its last id.
//
// Tab → worker: { type: "channels", channels } (at start and on change), { type: "bye" } (pagehide).
// Worker → tab: { type: "state", state }, { type: "notify", notifications }.

interface Notification {
  id: number;
  message: { type: string; payload?: unknown };
}

/** A fixed retry: the bench measures no reconnection, only what a close of the socket would need. */
const REOPEN_DELAY = 500;
const url = new URL("/websocket", location.href).href.replace(/^http/, "ws");
const tabs = new Map<MessagePort, string[]>();
let socket: WebSocket | undefined;
let state: "connecting" | "connected" | "disconnected" = "disconnected";
let last = 0;
let subscribed = "";

const channels = () => [...new Set([...tabs.values()].flat())].sort();

function tell(message: unknown): void {
  for (const port of tabs.keys()) port.postMessage(message);
}

function setState(next: typeof state): void {
  state = next;
  tell({ type: "state", state });
}

function subscribe(): void {
  const wanted = channels();
  subscribed = JSON.stringify(wanted);
  socket?.send(JSON.stringify({ event_name: "subscribe", data: { channels: wanted, last } }));
}

function received(data: unknown): void {
  if (typeof data !== "string") return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return;
  }
  if (!Array.isArray(parsed)) return;
  const fresh: Notification[] = [];
  for (const item of (parsed as Notification[]).filter((n) => Number.isSafeInteger(n?.id) && typeof n.message?.type === "string").sort((a, b) => a.id - b.id)) {
    if (item.id <= last) continue;
    last = item.id;
    fresh.push(item);
  }
  if (fresh.length) tell({ type: "notify", notifications: fresh });
}

function open(): void {
  if (socket || !tabs.size) return;
  const opened = new WebSocket(url);
  socket = opened;
  setState("connecting");
  opened.onopen = () => {
    subscribe();
    setState("connected");
  };
  opened.onmessage = (event: MessageEvent<unknown>) => received(event.data);
  opened.onclose = () => {
    socket = undefined;
    setState("disconnected");
    setTimeout(open, REOPEN_DELAY);
  };
}

function channelsChanged(): void {
  if (socket?.readyState === WebSocket.OPEN && JSON.stringify(channels()) !== subscribed) subscribe();
}

function forget(port: MessagePort): void {
  tabs.delete(port);
  channelsChanged();
}

addEventListener("connect", (event) => {
  const port = (event as MessageEvent).ports[0]!;
  tabs.set(port, []);
  port.onmessage = (message: MessageEvent<{ type?: string; channels?: unknown }>) => {
    const { type, channels: wanted } = message.data ?? {};
    if (type === "bye") return forget(port);
    if (type !== "channels" || !Array.isArray(wanted) || !wanted.every((channel) => typeof channel === "string")) return;
    tabs.set(port, wanted);
    port.postMessage({ type: "state", state });
    open();
    channelsChanged();
  };
  // Chromium's MessagePort says when the other end's page is gone (no such event elsewhere: then the bye does).
  port.addEventListener("close", () => forget(port));
});
