/**
 * "Work offline": while it is on, every request of this page fails as it does when the network is
 * gone (no response, status 0), as the browser's own offline mode would, until "Back online". It
 * stays on across a reload of the tab (sessionStorage), so a reload while offline can be tried.
 * The library reads `browser.XMLHttpRequest` at each call: the switch swaps it, nothing else.
 */
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

let offline = sessionStorage.getItem(KEY) === "1";

Object.defineProperty(browser, "XMLHttpRequest", {
  configurable: true,
  get: () => (offline ? (OfflineXHR as unknown as typeof XMLHttpRequest) : RealXHR),
});

export function isOffline(): boolean {
  return offline;
}

export function setOffline(on: boolean): void {
  offline = on;
  if (on) sessionStorage.setItem(KEY, "1");
  else sessionStorage.removeItem(KEY);
}
