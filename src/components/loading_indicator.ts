import { Component, onWillDestroy, useState } from "@odoo/owl";
import { template } from "../templates.js";
import * as compiled from "../templates.compiled.js";
import { browser, type TimeoutId } from "../browser.js";
import type { Env } from "../env.js";
import { useTranslate, type Translate } from "../translation.js";

/** How long a call must be pending before the indicator shows, in ms (quick calls never flash it). */
export const LOADING_INDICATOR_DELAY = 250;

/**
 * "Loading… (2)" while non-silent rpcs are pending: shown once calls have been pending without a
 * break for {@link LOADING_INDICATOR_DELAY} ms (quick calls never flash it), hidden as soon as none
 * is. Driven by `RPC:REQUEST` / `RPC:RESPONSE`, which the rpc service pairs exactly once per call
 * however it ends, so it cannot get stuck. A call costs it a counter, not a timer or a render:
 * one timer at most is armed, and the state changes only while shown. Registered in
 * `registry.category("main_components")`.
 */
export class LoadingIndicator extends Component {
  static override template = template("owl_services.LoadingIndicator", compiled.owl_services_LoadingIndicator);
  static override props = {};

  state!: { show: boolean; count: number };
  private t!: Translate;

  override setup() {
    this.state = useState({ show: false, count: 0 });
    this.t = useTranslate();
    const bus = (this.env as Env).bus;
    // The rpc numbers its calls in order and pairs each RPC:REQUEST with one RPC:RESPONSE: the only
    // responses to ignore are those of calls made before this indicator saw its first request.
    let firstSeen = Infinity;
    let pending = 0;
    let shown = false;
    /** When `pending` last went from 0 to 1. */
    let busySince = 0;
    let timer: TimeoutId | undefined;
    const check = () => {
      timer = undefined;
      if (!pending) return;
      const left = busySince + LOADING_INDICATOR_DELAY - browser.now();
      if (left > 0) {
        timer = browser.setTimeout(check, left);
      } else {
        shown = true;
        Object.assign(this.state, { show: true, count: pending });
      }
    };
    const onRequest = (ev: Event) => {
      firstSeen = Math.min(firstSeen, (ev as CustomEvent<{ id: number }>).detail.id);
      if (pending++ === 0) {
        busySince = browser.now();
        timer ??= browser.setTimeout(check, LOADING_INDICATOR_DELAY);
      }
      if (shown) this.state.count = pending;
    };
    const onResponse = (ev: Event) => {
      if ((ev as CustomEvent<{ id: number }>).detail.id < firstSeen || pending === 0) return; // a call it never saw
      pending--;
      if (shown) {
        shown = pending > 0;
        Object.assign(this.state, { show: shown, count: pending });
      }
    };
    bus.addEventListener("RPC:REQUEST", onRequest);
    bus.addEventListener("RPC:RESPONSE", onResponse);
    onWillDestroy(() => {
      bus.removeEventListener("RPC:REQUEST", onRequest);
      bus.removeEventListener("RPC:RESPONSE", onResponse);
      browser.clearTimeout(timer);
    });
  }

  get label(): string {
    return this.state.count > 1 ? this.t("Loading… ({count})", { count: this.state.count }) : this.t("Loading…");
  }
}
