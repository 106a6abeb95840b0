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
export { rpcService, getConnectionMonitor, getReadCache } from "./services/rpc/rpc_service.js";
export { READ_METHODS } from "./services/rpc/reads/read_intent.js";
export type { ReadCache } from "./services/rpc/reads/read_cache.js";
export type { RPC, RPCPromise, RPCRoutes, RPCRequestData, RPCRequestEvent, RPCResponseEvent, RPCErrorEvent, RPCOutcome, RPCSettings, RPCCacheOptions } from "./services/rpc/types.js";
export { IDEMPOTENCY_HEADER } from "./services/rpc/call/rpc_options.js";
export type { RPCConfig, ResolvedRPCConfig } from "./services/rpc/call/rpc_options.js";
export type { ConnectionMonitor } from "./services/rpc/call/connection_monitor.js";
export type { ConnectionEvent, ConnectionState } from "./services/rpc/call/connection_monitor.js";
export type { JSONValue } from "./services/rpc/call/params.js";
