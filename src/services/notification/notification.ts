import { Component, useEffect, useRef } from "@odoo/owl";
import { template } from "../../templates.js";
import * as compiled from "../../templates.compiled.js";
import { useTranslate, type Translate } from "../../translation.js";
import type { NotificationStore, NotificationView } from "./notification_store.js";

/** One notification. Hover and keyboard focus pause its countdown; the progress bar follows it. */
export class Notification extends Component<{ notification: NotificationView; store: NotificationStore }> {
  static override template = template("owl_services.Notification", compiled.owl_services_Notification);
  static override props = ["notification", "store"];

  private root!: ReturnType<typeof useRef>;
  private t!: Translate;

  override setup() {
    this.root = useRef("root");
    this.t = useTranslate();
    const progress = useRef("progress");
    // Through the CSSOM, not a style attribute: a strict Content-Security-Policy (style-src 'self') allows it.
    useEffect(
      (el, delay, paused) => {
        if (!el) return;
        el.style.animationDuration = `${delay}ms`;
        el.style.animationPlayState = paused ? "paused" : "running";
      },
      () => [progress.el, this.n.autocloseDelay, this.n.paused] as const,
    );
  }

  get n(): NotificationView {
    return this.props.notification;
  }

  get titleId(): string | undefined {
    return this.n.title ? `o_notification_title_${this.n.id}` : undefined;
  }

  get closeLabel(): string {
    return this.t("Close notification");
  }

  get countLabel(): string {
    return this.t("Shown {count} times", { count: this.n.count });
  }

  onFocusOut(ev: FocusEvent) {
    // Focus moving between the notification's own buttons keeps it paused.
    if (!(ev.relatedTarget instanceof Node && this.root.el?.contains(ev.relatedTarget))) {
      this.props.store.resume(this.n.id, "focus");
    }
  }
}
