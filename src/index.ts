/**
 * owl-services: Odoo-style services for OWL 2 apps.
 * Importing this module registers the built-in services (`notification`, `rpc`, `orm`, `error_display`) in
 * `registry.category("services")` and the notification container and loading indicator in
 * `registry.category("main_components")`. The default look is `owl-services/style.css`.
 */
import { registry } from "./registry";
import { notificationService } from "./services/notification/notification_service";
import { NotificationContainer } from "./services/notification/notification_container";
import { errorDisplayService } from "./services/error_display/error_display_service";
import { LoadingIndicator } from "./components/loading_indicator";
import { rpcService } from "./services/rpc/rpc_service";
import { ormService } from "./services/orm/orm_service";

export { Registry, registry, KeyNotFoundError, DuplicatedKeyError, DEFAULT_SEQUENCE } from "./registry";
export type { RegistryCategories, CategoryValue, RegistryUpdate } from "./registry";
export { makeEnv, startServices, ServiceStartError, ServiceDependencyError } from "./env";
export type { Env, Config, Services, ServiceDefinition } from "./env";
export { useService, ComponentDestroyedError } from "./use_service";
export { makeTranslate, useTranslate, MESSAGE_IDS } from "./translation";
export type { Translate, MessageId } from "./translation";
export { MainComponentsContainer } from "./components/main_components_container";
export type { MainComponentEntry } from "./components/main_components_container";
export { LoadingIndicator, LOADING_INDICATOR_DELAY } from "./components/loading_indicator";
export { browser } from "./browser";
export type { Browser, TimeoutId } from "./browser";

export { notificationService } from "./services/notification/notification_service";
export type { NotificationService, NotificationHandle } from "./services/notification/notification_service";
export { NotificationContainer } from "./services/notification/notification_container";
export { NotificationStore } from "./services/notification/notification_store";
export type { NotificationView, PauseReason } from "./services/notification/notification_store";
export { DEFAULT_AUTOCLOSE_DELAY, DEFAULT_MAX_VISIBLE, NOTIFICATION_TYPES } from "./services/notification/notification_options";
export type {
  Markup,
  NotificationButton,
  NotificationChanges,
  NotificationConfig,
  NotificationMessage,
  NotificationOptions,
  NotificationType,
} from "./services/notification/notification_options";

export { errorDisplayService, CATEGORY_TITLES } from "./services/error_display/error_display_service";
export type { ErrorDisplayService } from "./services/error_display/error_display_service";

export {
  RPCError,
  ConnectionLostError,
  ConnectionAbortedError,
  RPCTimeoutError,
  InvalidResponseError,
  RPCParamsError,
  categorizeRPCError,
  isRPCError,
  isConnectionLostError,
  isConnectionAbortedError,
  isRPCTimeoutError,
  isInvalidResponseError,
} from "./services/rpc/errors";
export type { RPCErrorCategory, RPCErrorData } from "./services/rpc/errors";
export { rpcService, getConnectionMonitor, HEARTBEAT_TIMEOUT } from "./services/rpc/rpc_service";
export type { RPC, RPCPromise, RPCRoutes, RPCRequestData, RPCRequestEvent, RPCResponseEvent, RPCErrorEvent, RPCOutcome } from "./services/rpc/rpc_client";
export {
  DEFAULT_HEARTBEAT_ROUTE,
  DEFAULT_RECONNECT_DELAY,
  DEFAULT_RECONNECT_MAX_DELAY,
  DEFAULT_RETRY_ATTEMPTS,
  reconnectDelay,
  resolveRPCConfig,
} from "./services/rpc/rpc_options";
export type { RPCConfig, RPCSettings, ResolvedRPCConfig } from "./services/rpc/rpc_options";
export { ormService, createORM, ORMArgumentError } from "./services/orm/orm_service";
export type { ORM, ORMConfig, ORMKwargs, Models, ModelRecord, ModelValues, ModelField, ReadResult, Domain, DomainLeaf } from "./services/orm/orm_types";
export { ConnectionMonitor } from "./services/rpc/connection_monitor";
export type { ConnectionEvent, ConnectionState } from "./services/rpc/connection_monitor";
export { serializeParams } from "./services/rpc/params";
export type { JSONValue } from "./services/rpc/params";

const services = registry.category("services");
services.add("notification", notificationService);
services.add("rpc", rpcService);
services.add("orm", ormService);
services.add("error_display", errorDisplayService);
const mainComponents = registry.category("main_components");
mainComponents.add("NotificationContainer", { Component: NotificationContainer });
mainComponents.add("LoadingIndicator", { Component: LoadingIndicator });
