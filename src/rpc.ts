/**
 * owl-services/rpc: the JSON-RPC client service, its errors, options and reconnection schedule.
 * Registers nothing; it needs the `notification` service (for the connection-lost notice).
 */
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
export { DEFAULT_CACHE_OPTIONS } from "./services/rpc/reads/cache_options.js";
export { READ_METHODS } from "./services/rpc/reads/read_intent.js";
export type { ReadCache } from "./services/rpc/reads/read_cache.js";
export type { RPC, RPCPromise, RPCRoutes, RPCRequestData, RPCRequestEvent, RPCResponseEvent, RPCErrorEvent, RPCOutcome, RPCSettings, RPCCacheOptions } from "./services/rpc/types.js";
export {
  DEFAULT_HEARTBEAT_ROUTE,
  DEFAULT_RECONNECT_DELAY,
  DEFAULT_RECONNECT_MAX_DELAY,
  DEFAULT_RETRY_ATTEMPTS,
  DEFAULT_CACHE_VERSION,
  IDEMPOTENCY_HEADER,
  reconnectAt,
  reconnectDelay,
  resolveRPCConfig,
} from "./services/rpc/call/rpc_options.js";
export type { RPCConfig, ResolvedRPCConfig } from "./services/rpc/call/rpc_options.js";
export { ConnectionMonitor } from "./services/rpc/call/connection_monitor.js";
export type { ConnectionEvent, ConnectionState } from "./services/rpc/call/connection_monitor.js";
export { serializeParams } from "./services/rpc/call/params.js";
export type { JSONValue } from "./services/rpc/call/params.js";
