/**
 * "Work offline": while it is on, every request of the dashboard fails as it does when the network
 * is gone (no response, status 0), until "Back online". Like a lost network, it holds for every
 * tab of the dashboard (localStorage, and its `storage` event in the other tabs), and it stays on
 * across a reload, so a reload while offline can be tried. The library reads
 * `browser.XMLHttpRequest` at each call: the switch swaps it. The bus's WebSocket is cut too (as a
 * lost network cuts it): an open socket is closed, and a new one closes before it opens.
 */
import { getConnectionMonitor, type RPC } from "owl-services";
import { browser } from "owl-services/internal";

const KEY = "demo:offline";
const RealXHR = globalThis.XMLHttpRequest;

/** An XMLHttpRequest that never reaches the network: it ends with status 0, as a lost network does. */
class OfflineXHR extends EventTarget {
  readonly status = 0;
  readonly responseText = "";
  readonly readyState = 4;
  open(): void {}
  setRequestHeader(): void {}
  getResponseHeader(): null {
    return null;
  }
  send(): void {
    setTimeout(() => {
      this.dispatchEvent(new ProgressEvent("error"));
      this.dispatchEvent(new ProgressEvent("loadend"));
    }, 20);
  }
  abort(): void {}
}

let offline = localStorage.getItem(KEY) === "1";

/** The sockets of this page still open, closed when it goes offline. */
const sockets = new Set<WebSocket>();
/** Closed by the switch: "the connection broke", a code of no meaning (the bus then asks the connection monitor). */
const CUT = 3000;
const RealWebSocket = globalThis.WebSocket;
globalThis.WebSocket = class DemoWebSocket extends RealWebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    if (offline) this.close(CUT, "working offline");
    else {
      sockets.add(this);
      this.addEventListener("close", () => sockets.delete(this));
    }
  }
};
const cutSockets = () => {
  for (const socket of sockets) socket.close(CUT, "working offline");
};
const listeners = new Set<(offline: boolean) => void>();
/** Marks the page while working offline: the theme then hides the "Connection lost" notice (the user chose it). */
const mark = () => document.documentElement.classList.toggle("d-working-offline", offline);
mark();

// Switched in another tab: this one follows.
window.addEventListener("storage", (event) => {
  if (event.key !== KEY) return;
  offline = event.newValue === "1";
  mark();
  if (offline) cutSockets();
  for (const listener of listeners) listener(offline);
});

/** Calls `listener` when another tab switches; returns the unsubscribe. */
export function onOfflineChange(listener: (offline: boolean) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

Object.defineProperty(browser, "XMLHttpRequest", {
  configurable: true,
  get: () => (offline ? (OfflineXHR as unknown as typeof XMLHttpRequest) : RealXHR),
});

export function isOffline(): boolean {
  return offline;
}

/** Working offline, or the server is away (the rpc's connection monitor lost it): writes then go to the outbox. */
export function serverAway(rpc: RPC): boolean {
  return offline || getConnectionMonitor(rpc)?.state === "lost";
}

export function setOffline(on: boolean): void {
  offline = on;
  mark();
  if (on) cutSockets();
  if (on) localStorage.setItem(KEY, "1");
  else localStorage.removeItem(KEY);
}
