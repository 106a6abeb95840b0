/**
 * owl-services/internal: the library's building blocks and defaults, for tests, tools and apps
 * that assemble their own services. Registers nothing. Not covered by the main entry's stability
 * promise: names here may change in a minor version.
 */
export { browser, MAX_TIMER_DELAY } from "./browser.js";
export type { Browser, TimeoutId } from "./browser.js";
export { DEFAULT_SEQUENCE } from "./registry.js";
export { makeTranslate, MESSAGE_IDS } from "./translation.js";
export { HEARTBEAT_TIMEOUT } from "./services/rpc/rpc_service.js";
export {
  DEFAULT_HEARTBEAT_ROUTE,
  DEFAULT_RECONNECT_DELAY,
  DEFAULT_RECONNECT_MAX_DELAY,
  DEFAULT_RETRY_ATTEMPTS,
  DEFAULT_CACHE_VERSION,
  reconnectAt,
  reconnectDelay,
  resolveRPCConfig,
} from "./services/rpc/call/rpc_options.js";
export { ConnectionMonitor } from "./services/rpc/call/connection_monitor.js";
export { serializeParams, canonicalJSON } from "./services/rpc/call/params.js";
export { DEFAULT_CACHE_OPTIONS } from "./services/rpc/reads/cache_options.js";
export { isWrite, cacheTag } from "./services/rpc/reads/read_intent.js";
export type { RPCLayers, RPCService, RPCUser } from "./services/rpc/rpc_function.js";
export type { RPCClient } from "./services/rpc/call/rpc_client.js";
export type { Reads } from "./services/rpc/reads/reads.js";
export type { Writes } from "./services/rpc/writes/writes.js";
export { createORM } from "./services/orm/orm_service.js";
export { NotificationStore } from "./services/notification/notification_store.js";
export { DEFAULT_AUTOCLOSE_DELAY, DEFAULT_MAX_VISIBLE, NOTIFICATION_TYPES } from "./services/notification/notification_options.js";
export { CATEGORY_TITLES } from "./services/error_display/error_display_service.js";
export { LOADING_INDICATOR_DELAY } from "./components/loading_indicator.js";
export { DEFAULT_SESSION_OPTIONS, SESSION_ROUTES, resolveSessionOptions } from "./services/session/session_options.js";
export { signInGateOf } from "./services/session/session_service.js";
export type { SessionGate } from "./services/rpc/call/rpc_call.js";
