/**
 * owl-services: Odoo-style services for OWL 2 apps.
 * Importing this module registers the built-in services (`notification`, `rpc`, `orm`, `error_display`,
 * `session`, `user`) in
 * `registry.category("services")` and the notification container and loading indicator in
 * `registry.category("main_components")`. The default look is `owl-services/style.css`.
 */
import { registry } from "./registry.js";
import { notificationService } from "./services/notification/notification_service.js";
import { NotificationContainer } from "./services/notification/notification_container.js";
import { errorDisplayService } from "./services/error_display/error_display_service.js";
import { LoadingIndicator } from "./components/loading_indicator.js";
import { rpcService } from "./services/rpc/rpc_service.js";
import { ormService } from "./services/orm/orm_service.js";
import { sessionService } from "./services/session/session_service.js";
import { userService } from "./services/session/user_service.js";
import { SignInDialog } from "./services/session/sign_in_dialog.js";

// Everything the subpath entries export (owl-services/core, /rpc, /orm, /notification,
// /error_display, /loading_indicator), which register nothing; this entry registers it all.
export * from "./core.js";
export * from "./notification.js";
export * from "./rpc.js";
export * from "./orm.js";
export * from "./error_display.js";
export * from "./loading_indicator.js";
// owl-services/session's values (its services, dialog and error) are exported there; its types here too.
export type { SessionConfig, SessionInfo, SessionService, UserService } from "./session.js";

const services = registry.category("services");
services.add("notification", notificationService);
services.add("rpc", rpcService);
services.add("orm", ormService);
services.add("error_display", errorDisplayService);
services.add("session", sessionService);
services.add("user", userService);
const mainComponents = registry.category("main_components");
mainComponents.add("NotificationContainer", { Component: NotificationContainer });
mainComponents.add("LoadingIndicator", { Component: LoadingIndicator });
mainComponents.add("SignInDialog", { Component: SignInDialog });
