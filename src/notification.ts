/**
 * owl-services/notification: the notification service, its store and its container. Registers
 * nothing: `registry.category("services").add("notification", notificationService)`.
 */
export { notificationService } from "./services/notification/notification_service.js";
export type { NotificationService, NotificationHandle } from "./services/notification/notification_service.js";
export { NotificationContainer } from "./services/notification/notification_container.js";
export type { NotificationStore } from "./services/notification/notification_store.js";
export type { NotificationView, PauseReason } from "./services/notification/notification_store.js";
export type {
  Markup,
  NotificationButton,
  NotificationChanges,
  NotificationConfig,
  NotificationMessage,
  NotificationOptions,
  NotificationType,
} from "./services/notification/notification_options.js";
