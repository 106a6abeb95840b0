import type { markup } from "@odoo/owl";
import { checkDelay, isRecord } from "../../checks.js";

/** What OWL's `markup()` returns: HTML that templates render as such. */
export type Markup = ReturnType<typeof markup>;

/** How long a notification that is not sticky stays visible, in ms. */
export const DEFAULT_AUTOCLOSE_DELAY = 4000;
/** How many notifications are shown at once; the rest wait in order. */
export const DEFAULT_MAX_VISIBLE = 5;

export const NOTIFICATION_TYPES = ["info", "success", "warning", "danger"] as const;
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
export type NotificationChanges = Partial<Omit<NotificationOptions, "onClose">> & { message?: NotificationMessage };

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

const OPTION_KEYS = ["title", "type", "sticky", "className", "onClose", "autocloseDelay", "buttons"];

export function resolveNotificationConfig(config: NotificationConfig = {}): ResolvedNotificationConfig {
  const resolved = {
    autocloseDelay: config.autocloseDelay ?? DEFAULT_AUTOCLOSE_DELAY,
    maxVisible: config.maxVisible ?? DEFAULT_MAX_VISIBLE,
  };
  checkDelay("config.notification.autocloseDelay", resolved.autocloseDelay);
  if (!Number.isInteger(resolved.maxVisible) || resolved.maxVisible < 1) {
    throw new TypeError(`config.notification.maxVisible must be a whole number ≥ 1, got ${String(resolved.maxVisible)}`);
  }
  return resolved;
}

/** Throws a TypeError saying which option is wrong; `where` is e.g. "notification.add". */
export function checkNotificationOptions(where: string, options: unknown, allowMessage = false): void {
  if (!isRecord(options)) {
    throw new TypeError(`${where}: options must be an object such as { type: "success" }, got ${options === null ? "null" : Array.isArray(options) ? "an array" : typeof options}`);
  }
  const valid = allowMessage ? ["message", ...OPTION_KEYS.filter((k) => k !== "onClose")] : OPTION_KEYS;
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!valid.includes(key)) {
      throw new TypeError(`${where}: unknown option "${key}"; valid options are ${valid.join(", ")}`);
    }
  }
  if ("message" in o) {
    checkMessage(where, o.message);
  }
  if (o.type !== undefined && !(NOTIFICATION_TYPES as readonly unknown[]).includes(o.type)) {
    throw new TypeError(`${where}: type must be one of ${NOTIFICATION_TYPES.join(", ")}, got ${JSON.stringify(o.type)}`);
  }
  if (o.autocloseDelay !== undefined) {
    checkDelay(`${where}: autocloseDelay`, o.autocloseDelay);
  }
  for (const key of ["title", "className"]) {
    if (o[key] !== undefined && typeof o[key] !== "string") {
      throw new TypeError(`${where}: ${key} must be a string, got ${typeof o[key]}`);
    }
  }
  if (o.sticky !== undefined && typeof o.sticky !== "boolean") {
    throw new TypeError(`${where}: sticky must be true or false, got ${JSON.stringify(o.sticky) ?? typeof o.sticky}`);
  }
  if (o.onClose !== undefined && typeof o.onClose !== "function") {
    throw new TypeError(`${where}: onClose must be a function, got ${typeof o.onClose}`);
  }
  if (o.buttons !== undefined) {
    if (!Array.isArray(o.buttons)) {
      throw new TypeError(`${where}: buttons must be an array, got ${typeof o.buttons}`);
    }
    o.buttons.forEach((button: unknown, i) => {
      const b = (button ?? {}) as Record<string, unknown>;
      if (typeof b.name !== "string" || !b.name) {
        throw new TypeError(`${where}: buttons[${i}].name must be a non-empty string`);
      }
      if (typeof b.onClick !== "function") {
        throw new TypeError(`${where}: buttons[${i}].onClick must be a function`);
      }
      if (b.primary !== undefined && typeof b.primary !== "boolean") {
        throw new TypeError(`${where}: buttons[${i}].primary must be true or false, got ${JSON.stringify(b.primary) ?? typeof b.primary}`);
      }
    });
  }
}

export function checkMessage(where: string, message: unknown): void {
  // Markup extends String: both are accepted; anything else would render as "[object Object]".
  if (typeof message !== "string" && !(message instanceof String)) {
    throw new TypeError(`${where}: message must be a string or a markup() value, got ${message === null ? "null" : typeof message}`);
  }
}
