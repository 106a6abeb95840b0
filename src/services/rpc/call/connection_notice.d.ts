import type { Translate } from "../../../translation.js";
import type { NotificationService } from "../../notification/notification_service.js";
import type { ConnectionMonitor } from "./connection_monitor.js";
/** How long "Connection restored" stays, in ms. */
export declare const RESTORED_NOTICE_DELAY = 3000;
/**
 * Shows the monitor's state: ONE sticky "Connection lost" notification however many calls fail,
 * with a countdown to the next attempt and a "Retry now" button; when the server answers, it
 * closes and a short "Connection restored" one appears. Returns the unsubscribe function.
 */
export declare function showConnectionNotices(monitor: ConnectionMonitor, notification: NotificationService, t: Translate): () => void;
