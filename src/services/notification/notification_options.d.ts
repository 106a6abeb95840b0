import type { markup } from "@odoo/owl";
/** What OWL's `markup()` returns: HTML that templates render as such. */
export type Markup = ReturnType<typeof markup>;
/** How long a notification that is not sticky stays visible, in ms. */
export declare const DEFAULT_AUTOCLOSE_DELAY = 4000;
/** How many notifications are shown at once; the rest wait in order. */
export declare const DEFAULT_MAX_VISIBLE = 5;
export declare const NOTIFICATION_TYPES: readonly ["info", "success", "warning", "danger"];
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];
/** A string is shown as text; a `markup()` value as HTML. */
export type NotificationMessage = string | Markup;
export interface NotificationButton {
    name: string;
    /** Runs on click. The notification stays open unless the handler closes it. */
    onClick: () => void;
    /** Shown as the main action. */
    primary?: boolean;
}
export interface NotificationOptions {
    /** Text, never HTML. */
    title?: string;
    /** @default "warning" */
    type?: NotificationType;
    /** Stays until closed by the user or by code. */
    sticky?: boolean;
    /** Extra classes on the `.o_notification` element. */
    className?: string;
    /** Runs once, however the notification closes. */
    onClose?: () => void;
    /** @default config.notification.autocloseDelay, else 4000 */
    autocloseDelay?: number;
    buttons?: NotificationButton[];
}
/** What `update()` may change on a shown notification. */
export type NotificationChanges = Partial<Omit<NotificationOptions, "onClose">> & {
    message?: NotificationMessage;
};
/** `config.notification`. */
export interface NotificationConfig {
    /** @default 4000 */
    autocloseDelay?: number;
    /** @default 5 */
    maxVisible?: number;
}
export interface ResolvedNotificationConfig {
    autocloseDelay: number;
    maxVisible: number;
}
export declare function resolveNotificationConfig(config?: NotificationConfig): ResolvedNotificationConfig;
/** Throws a TypeError saying which option is wrong; `where` is e.g. "notification.add". */
export declare function checkNotificationOptions(where: string, options: unknown, allowMessage?: boolean): void;
export declare function checkMessage(where: string, message: unknown): void;
