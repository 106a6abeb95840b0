/**
 * owl-services: Odoo-style services for OWL 2 apps.
 * Importing this module registers the built-in services (`notification`, `rpc`, `orm`, `error_display`) in
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

export { Registry, registry, KeyNotFoundError, DuplicatedKeyError, DEFAULT_SEQUENCE } from "./registry.js";
export type { RegistryCategories, CategoryValue, RegistryUpdate } from "./registry.js";
export { makeEnv, startServices, stopServices, ServiceStartError, ServiceDependencyError, ServiceStopError } from "./env.js";
export { mountComponent } from "./mount.js";
export type { MountComponentOptions } from "./mount.js";
export type { Env, Config, Services, ServiceDefinition } from "./env.js";
export { useService, ComponentDestroyedError, UNHANDLED_ERROR } from "./use_service.js";
export { makeTranslate, useTranslate, MESSAGE_IDS } from "./translation.js";
export type { Translate, MessageId } from "./translation.js";
export { MainComponentsContainer } from "./components/main_components_container.js";
export type { MainComponentEntry } from "./components/main_components_container.js";
export { LoadingIndicator, LOADING_INDICATOR_DELAY } from "./components/loading_indicator.js";
export { browser } from "./browser.js";
export type { Browser, TimeoutId } from "./browser.js";

export { notificationService } from "./services/notification/notification_service.js";
export type { NotificationService, NotificationHandle } from "./services/notification/notification_service.js";
export { NotificationContainer } from "./services/notification/notification_container.js";
export { NotificationStore } from "./services/notification/notification_store.js";
export type { NotificationView, PauseReason } from "./services/notification/notification_store.js";
export { DEFAULT_AUTOCLOSE_DELAY, DEFAULT_MAX_VISIBLE, NOTIFICATION_TYPES } from "./services/notification/notification_options.js";
export type {
  Markup,
  NotificationButton,
  NotificationChanges,
  NotificationConfig,
  NotificationMessage,
  NotificationOptions,
  NotificationType,
} from "./services/notification/notification_options.js";

export { errorDisplayService, CATEGORY_TITLES } from "./services/error_display/error_display_service.js";
export type { ErrorDisplayService } from "./services/error_display/error_display_service.js";

export {
  RPCError,
  ConnectionLostError,
  ConnectionAbortedError,
  RPCTimeoutError,
  InvalidResponseError,
  EnvStoppedError,
  RPCParamsError,
  categorizeRPCError,
  isRPCError,
  isConnectionLostError,
  isConnectionAbortedError,
  isRPCTimeoutError,
  isInvalidResponseError,
} from "./services/rpc/errors.js";
export type { RPCErrorCategory, RPCErrorData } from "./services/rpc/errors.js";
export { rpcService, getConnectionMonitor, getReadCache, HEARTBEAT_TIMEOUT } from "./services/rpc/rpc_service.js";
export { DEFAULT_CACHE_OPTIONS, IDEMPOTENCY_HEADER, READ_METHODS } from "./services/rpc/cache_options.js";
export type { RPCCacheOptions } from "./services/rpc/cache_options.js";
export type { ReadCache } from "./services/rpc/read_cache.js";
export type { RPC, RPCPromise, RPCRoutes, RPCRequestData, RPCRequestEvent, RPCResponseEvent, RPCErrorEvent, RPCOutcome } from "./services/rpc/rpc_client.js";
export {
  DEFAULT_HEARTBEAT_ROUTE,
  DEFAULT_RECONNECT_DELAY,
  DEFAULT_RECONNECT_MAX_DELAY,
  DEFAULT_RETRY_ATTEMPTS,
  DEFAULT_CACHE_VERSION,
  reconnectAt,
  reconnectDelay,
  resolveRPCConfig,
} from "./services/rpc/rpc_options.js";
export type { RPCConfig, RPCSettings, ResolvedRPCConfig } from "./services/rpc/rpc_options.js";
export { ormService, createORM, ORMArgumentError } from "./services/orm/orm_service.js";
export type { ORM, ORMConfig, ORMKwargs, Models, ModelRecord, ModelValues, ModelField, ReadResult, Domain, DomainLeaf } from "./services/orm/orm_types.js";
export { ConnectionMonitor } from "./services/rpc/connection_monitor.js";
export type { ConnectionEvent, ConnectionState } from "./services/rpc/connection_monitor.js";
export { serializeParams } from "./services/rpc/params.js";
export type { JSONValue } from "./services/rpc/params.js";

const services = registry.category("services");
services.add("notification", notificationService);
services.add("rpc", rpcService);
services.add("orm", ormService);
services.add("error_display", errorDisplayService);
const mainComponents = registry.category("main_components");
mainComponents.add("NotificationContainer", { Component: NotificationContainer });
mainComponents.add("LoadingIndicator", { Component: LoadingIndicator });
