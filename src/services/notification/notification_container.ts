import { Component, onMounted, onWillDestroy, onWillUnmount, useRef, useState } from "@odoo/owl";
import { template } from "../../templates.js";
import * as compiled from "../../templates.compiled.js";
import { browser, type TimeoutId } from "../../browser.js";
import { useTranslate, type Translate } from "../../translation.js";
import { Notification } from "./notification.js";
import { getNotificationStore } from "./notification_service.js";
import type { NotificationMessage } from "./notification_options.js";
import type { NotificationStore, NotificationView } from "./notification_store.js";

/** How long an announcement stays in a live region (long enough for any screen reader to read it). */
const ANNOUNCEMENT_LIFETIME = 10_000;

/** The text a screen reader should say: a string as it is, a markup() message without its tags. */
function plainText(message: NotificationMessage): string {
  if (typeof message === "string") {
    return message;
  }
  // DOMParser runs no scripts or handlers, unlike innerHTML on a detached element.
  return new DOMParser().parseFromString(String(message), "text/html").body.textContent ?? "";
}

interface Announcement {
  id: number;
  text: string;
}

/** Screen-reader-only, whatever stylesheet the page has (set through the CSSOM, which a strict CSP allows). */
const VISUALLY_HIDDEN: Partial<CSSStyleDeclaration> = {
  position: "absolute",
  width: "1px",
  height: "1px",
  margin: "-1px",
  padding: "0",
  border: "0",
  overflow: "hidden",
  clipPath: "inset(50%)",
  whiteSpace: "nowrap",
};
let warnedNoStylesheet = false;

/** Keeps the live regions out of sight, and says once when owl-services/style.css is missing. */
function checkLook(manager: HTMLElement): void {
  for (const region of manager.querySelectorAll<HTMLElement>(".o_notification_live")) Object.assign(region.style, VISUALLY_HIDDEN);
  const view = manager.ownerDocument.defaultView;
  if (warnedNoStylesheet || !view || view.getComputedStyle(manager).position === "fixed") return;
  warnedNoStylesheet = true;
  console.warn(
    'owl-services: the notification container has no stylesheet, so notifications show unstyled in the page flow. Import "owl-services/style.css" once in your app.',
  );
}

/**
 * Shows the notification service's notifications (registered in `main_components`). Its two live
 * regions exist from the first render, so screen readers announce each notification once:
 * politely for info, success and warning, assertively for danger. Escape closes the most recent
 * notification when focus is inside; the page being hidden pauses every countdown.
 */
export class NotificationContainer extends Component {
  static override template = template("owl_services.NotificationContainer", compiled.owl_services_NotificationContainer);
  static components = { Notification };
  static override props = {};

  store: NotificationStore | undefined;
  state!: { notifications: NotificationView[]; queued: number; polite: Announcement[]; assertive: Announcement[] };
  private t!: Translate;
  /** The shown notifications already announced (no more than maxVisible). */
  private announced = new Set<number>();
  private timers = new Set<TimeoutId>();

  override setup() {
    this.state = useState({ notifications: [], queued: 0, polite: [], assertive: [] });
    this.t = useTranslate();
    this.store = getNotificationStore(this.env.services.notification);
    const store = this.store;
    if (!store) {
      return;
    }
    const refresh = () => {
      const visible = store.visible;
      this.state.notifications = visible;
      this.state.queued = store.queued;
      this.announce(visible);
    };
    const unsubscribe = store.subscribe(refresh);
    const onVisibility = () => store.setPageHidden(browser.document.visibilityState === "hidden");
    let detach = () => {};
    const manager = useRef("manager");
    onMounted(() => {
      checkLook(manager.el!);
      browser.document.addEventListener("visibilitychange", onVisibility);
      onVisibility();
      detach = store.attach();
      refresh();
    });
    onWillUnmount(() => {
      browser.document.removeEventListener("visibilitychange", onVisibility);
      detach();
    });
    onWillDestroy(() => {
      unsubscribe();
      this.timers.forEach((id) => {
        browser.clearTimeout(id);
      });
    });
  }

  get regionLabel(): string {
    return this.t("Notifications");
  }

  get queuedLabel(): string {
    return this.t("{count} more waiting", { count: this.state.queued });
  }

  /**
   * Puts each newly shown notification once in the live region its type calls for. A region holds
   * at most as many announcements as notifications can be shown: in a burst the oldest go first.
   */
  private announce(visible: NotificationView[]) {
    const announced = new Set<number>();
    for (const n of visible) {
      announced.add(n.id);
      if (this.announced.has(n.id)) {
        continue;
      }
      const text = [n.title, plainText(n.message)].filter(Boolean).join(": ").replace(/\s+/g, " ").trim();
      const list = n.type === "danger" ? this.state.assertive : this.state.polite;
      list.push({ id: n.id, text });
      if (list.length > this.maxAnnouncements) list.splice(0, list.length - this.maxAnnouncements);
      const timer = browser.setTimeout(() => {
        this.timers.delete(timer);
        const index = list.findIndex((a) => a.id === n.id);
        if (index >= 0) list.splice(index, 1);
      }, ANNOUNCEMENT_LIFETIME);
      this.timers.add(timer);
    }
    // Entries only move forward: one that left the shown ones never comes back to be announced again.
    this.announced = announced;
  }

  private get maxAnnouncements(): number {
    return this.store?.config.maxVisible ?? 0;
  }

  onKeydown(ev: KeyboardEvent) {
    const last = this.state.notifications.at(-1);
    if (ev.key === "Escape" && last && this.store) {
      ev.stopPropagation();
      this.store.close(last.id);
    }
  }
}
