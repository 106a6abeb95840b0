import { Component, onWillDestroy, useState } from "@odoo/owl";
import { template } from "../templates.js";
import { browser, type TimeoutId } from "../browser.js";
import type { Env } from "../env.js";
import { useTranslate, type Translate } from "../translation.js";

/** How long a call must be pending before the indicator shows, in ms (quick calls never flash it). */
export const LOADING_INDICATOR_DELAY = 250;

/**
 * "Loading… (2)" while non-silent rpcs are pending: shown once a call has been pending for
 * {@link LOADING_INDICATOR_DELAY} ms, hidden as soon as none is. Driven by `RPC:REQUEST` /
 * `RPC:RESPONSE`, which the rpc service pairs exactly once per call however it ends, so it cannot
 * get stuck. Registered in `registry.category("main_components")`.
 */
export class LoadingIndicator extends Component {
  static override template = template("owl_services.LoadingIndicator");
  static override props = {};

  state!: { show: boolean; count: number };
  private t!: Translate;

  override setup() {
    this.state = useState({ show: false, count: 0 });
    this.t = useTranslate();
    const pending = new Map<number, TimeoutId>();
    const bus = (this.env as Env).bus;
    const update = () => {
      this.state.count = pending.size;
      if (!pending.size) this.state.show = false;
    };
    const onRequest = (ev: Event) => {
      const { id } = (ev as CustomEvent<{ id: number }>).detail;
      pending.set(
        id,
        browser.setTimeout(() => {
          if (pending.has(id)) this.state.show = true;
        }, LOADING_INDICATOR_DELAY),
      );
      update();
    };
    const onResponse = (ev: Event) => {
      const { id } = (ev as CustomEvent<{ id: number }>).detail;
      browser.clearTimeout(pending.get(id));
      pending.delete(id);
      update();
    };
    bus.addEventListener("RPC:REQUEST", onRequest);
    bus.addEventListener("RPC:RESPONSE", onResponse);
    onWillDestroy(() => {
      bus.removeEventListener("RPC:REQUEST", onRequest);
      bus.removeEventListener("RPC:RESPONSE", onResponse);
      pending.forEach((timer) => browser.clearTimeout(timer));
    });
  }

  get label(): string {
    return this.state.count > 1 ? this.t("Loading… ({count})", { count: this.state.count }) : this.t("Loading…");
  }
}
