import { Subscribable } from "../../subscribable.js";
import type { NotificationButton, NotificationChanges, NotificationMessage, NotificationOptions, NotificationType, ResolvedNotificationConfig } from "./notification_options.js";
/** Why a countdown is paused; each reason is set and cleared on its own. */
export type PauseReason = "hover" | "focus" | "hidden";
/** A notification as the view sees it (a snapshot: changing it changes nothing). */
export interface NotificationView {
    id: number;
    message: NotificationMessage;
    title: string | undefined;
    type: NotificationType;
    sticky: boolean;
    className: string;
    buttons: NotificationButton[];
    autocloseDelay: number;
    /** How many callers show it: equal adds merge into one notification (×3). */
    count: number;
    /** Bumped each time the countdown restarts, so the progress bar restarts with it. */
    generation: number;
    /** Whether the countdown is paused (hover, focus, hidden page) or not running. */
    paused: boolean;
}
/**
 * The notifications of one env, framework-free: what is shown, what waits, and each countdown.
 * Countdowns run only while a view is attached (a notification nobody could see never closes by
 * itself), while the notification is among the `maxVisible` shown, and while nothing pauses it.
 * Its subscribers are called after every change.
 */
export declare class NotificationStore extends Subscribable {
    #private;
    readonly config: ResolvedNotificationConfig;
    constructor(config: ResolvedNotificationConfig);
    /** The notifications shown now, oldest first. */
    get visible(): NotificationView[];
    /** How many wait for a place. */
    get queued(): number;
    /**
     * Adds a notification and returns the caller's id. An add equal to one open (type, title, text,
     * class, stickiness, no buttons) merges into it: one more caller, its own `onClose`, a restarted
     * countdown.
     */
    add(message: NotificationMessage, options?: NotificationOptions): number;
    /** Whether the notification or caller `id` is open (shown or waiting). */
    has(id: number): boolean;
    /**
     * Changes an open notification; a new delay or stickiness restarts its countdown. A caller that
     * shares its notification gets one of its own, so the others keep theirs. Returns false if it is closed.
     */
    update(id: number, changes: NotificationChanges): boolean;
    /**
     * Closes a notification (its own id: every caller's `onClose` runs) or one caller's part of it
     * (a caller's id: its `onClose` runs; the notification closes with its last caller). Nothing if
     * already closed; a waiting one takes the place of a closed one.
     */
    close(id: number): void;
    /**
     * Closes every notification, shown or waiting, at once: one change (no waiting notification is
     * shown, or announced, on its way out), then each `onClose` in order.
     */
    closeAll(): void;
    /** Drops every notification and its countdown, without running `onClose` (the app is going away). */
    dispose(): void;
    /** Pauses `id`'s countdown for `reason` until `resume(id, reason)`. */
    pause(id: number, reason: PauseReason): void;
    resume(id: number, reason: PauseReason): void;
    /** The time left before `id` closes itself, in ms (`Infinity` for sticky, `0` once closed). */
    timeLeft(id: number): number;
    /** Every countdown pauses while the page is hidden. */
    setPageHidden(hidden: boolean): void;
    /** A view shows the notifications: countdowns may run. Returns the detach function. */
    attach(): () => void;
}
