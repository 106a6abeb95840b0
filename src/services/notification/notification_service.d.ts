import type { ServiceDefinition } from "../../env.js";
import { type NotificationChanges, type NotificationConfig, type NotificationMessage, type NotificationOptions } from "./notification_options.js";
import { NotificationStore } from "./notification_store.js";
/** What `add` returns: call it to close the notification; it also knows its id and can update it. */
export interface NotificationHandle {
    (): void;
    readonly id: number;
    close(): void;
    /** Changes the shown notification (see {@link NotificationService.update}). */
    update(changes: NotificationChanges): boolean;
}
/** The `notification` service. */
export interface NotificationService {
    /**
     * Shows `message` (text; `markup()` for HTML). The same type + title + message added while it
     * is open is not stacked: it counts (×2) and its countdown restarts.
     * @returns the close function, with `id` and `update`.
     * @example
     * const close = notification.add("Saved", { type: "success" });
     */
    add(message: NotificationMessage, options?: NotificationOptions): NotificationHandle;
    /**
     * Changes an open notification: its text, title, type, buttons, class, stickiness or delay
     * (the last two restart its countdown). Returns false when it has closed already.
     * @example
     * const handle = notification.add("Retrying in 8 s", { sticky: true });
     * handle.update({ message: "Retrying in 7 s" });
     */
    update(target: number | NotificationHandle, changes: NotificationChanges): boolean;
    close(target: number | NotificationHandle): void;
    closeAll(): void;
}
declare module "../../env.js" {
    interface Services {
        notification: NotificationService;
    }
    interface Config {
        notification?: NotificationConfig;
    }
}
/** The service as started: its store, which its container renders and its `stop` disposes. */
type LiveNotificationService = NotificationService & {
    readonly store: NotificationStore;
};
/** The store behind a notification service (for its container). */
export declare function getNotificationStore(service: unknown): NotificationStore | undefined;
/** Registered as `notification` in `registry.category("services")`. */
export declare const notificationService: ServiceDefinition<LiveNotificationService>;
export {};
