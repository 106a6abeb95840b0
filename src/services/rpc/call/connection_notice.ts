import { browser, type TimeoutId } from "../../../browser.js";
import type { Translate } from "../../../translation.js";
import type { NotificationHandle, NotificationService } from "../../notification/notification_service.js";
import type { ConnectionMonitor } from "./connection_monitor.js";

/** How long "Connection restored" stays, in ms. */
export const RESTORED_NOTICE_DELAY = 3000;

/**
 * Shows the monitor's state: ONE sticky "Connection lost" notification however many calls fail,
 * with a countdown to the next attempt and a "Retry now" button; when the server answers, it
 * closes and a short "Connection restored" one appears. Returns the unsubscribe function.
 */
export function showConnectionNotices(monitor: ConnectionMonitor, notification: NotificationService, t: Translate): () => void {
  let handle: NotificationHandle | null = null;
  let ticker: TimeoutId | undefined;
  let nextAt = 0;
  const trying = () => t("Connection lost. Trying to reconnect…");

  const tick = () => {
    browser.clearTimeout(ticker);
    if (!handle) return;
    const seconds = Math.ceil((nextAt - browser.now()) / 1000);
    handle.update({ message: seconds >= 1 ? t("Connection lost. Trying to reconnect in {seconds} s…", { seconds }) : trying() });
    if (seconds >= 1) {
      // Wake at the next whole second of the countdown.
      ticker = browser.setTimeout(tick, ((nextAt - browser.now()) % 1000) || 1000);
    }
  };

  const unsubscribe = monitor.subscribe((event) => {
    switch (event.type) {
      case "lost":
        handle ??= notification.add(trying(), {
          type: "warning",
          sticky: true,
          className: "o_connection_lost",
          buttons: [{ name: t("Retry now"), primary: true, onClick: () => monitor.retryNow() }],
          onClose: () => {
            handle = null;
            browser.clearTimeout(ticker);
          },
        });
        break;
      case "scheduled":
        nextAt = event.at;
        tick();
        break;
      case "polling":
        browser.clearTimeout(ticker);
        handle?.update({ message: trying() });
        break;
      case "restored":
        browser.clearTimeout(ticker);
        if (handle) {
          const closing = handle;
          handle = null;
          closing();
        }
        notification.add(t("Connection restored"), { type: "success", autocloseDelay: RESTORED_NOTICE_DELAY, className: "o_connection_restored" });
        break;
    }
  });
  return () => {
    unsubscribe();
    browser.clearTimeout(ticker);
  };
}
