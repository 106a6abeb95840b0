import { browser } from "../../browser.js";
import type { Env, ServiceDefinition } from "../../env.js";
import { makeTranslate } from "../../translation.js";
import { unprotected } from "../../use_service.js";
import { ConnectionMonitor } from "./connection_monitor.js";
import { ReadCache } from "./read_cache.js";
import { showConnectionNotices } from "./connection_notice.js";
import { postJson, reachedServer } from "./xhr_transport.js";
import { createRPC, stopRPC, type RPC } from "./rpc_client.js";
import { resolveRPCConfig, type RPCConfig } from "./rpc_options.js";

declare module "../../env.js" {
  interface Services {
    rpc: RPC;
  }
  interface Config {
    rpc?: RPCConfig;
  }
}

/** The connection monitor behind each env's rpc service (for tests and tools). */
const monitors = new WeakMap<object, ConnectionMonitor>();

/** The connection monitor of an env's rpc: `env.services.rpc`, or the rpc a component got from `useService`. */
export function getConnectionMonitor(rpc: unknown): ConnectionMonitor | undefined {
  const service = unprotected(rpc);
  return typeof service === "function" ? monitors.get(service) : undefined;
}

/** The read cache behind each env's rpc service. */
const caches = new WeakMap<object, ReadCache>();

/** The read cache of an env's rpc (`env.services.rpc` or a component's `useService("rpc")`). */
export function getReadCache(rpc: unknown): ReadCache | undefined {
  const service = unprotected(rpc);
  return typeof service === "function" ? caches.get(service) : undefined;
}

/** How long one heartbeat poll may take before it counts as "no answer", in ms. */
export const HEARTBEAT_TIMEOUT = 10_000;

/**
 * Registered as `rpc`: JSON-RPC 2.0 over XMLHttpRequest. Protected through `useService`
 * (`async: true`). Depends on `notification` for the connection notices.
 */
export const rpcService: ServiceDefinition<RPC> = {
  dependencies: ["notification"],
  async: true,
  start(env: Env, deps): RPC {
    const config = resolveRPCConfig(env.config.rpc);
    let heartbeatId = 0;
    const probe = async (signal: AbortSignal) => {
      // Silent by construction: it goes around the rpc function, so no RPC:* event, no RPC_ERROR.
      const body = JSON.stringify({ jsonrpc: "2.0", method: "call", params: {}, id: --heartbeatId });
      const transfer = postJson(config.heartbeatRoute, body);
      const timer = browser.setTimeout(() => transfer.abort(), HEARTBEAT_TIMEOUT);
      const stop = () => transfer.abort();
      signal.addEventListener("abort", stop, { once: true });
      const outcome = await transfer.promise;
      browser.clearTimeout(timer);
      signal.removeEventListener("abort", stop);
      return reachedServer(outcome);
    };
    const monitor = new ConnectionMonitor(probe, {
      reconnectDelay: config.reconnectDelay,
      reconnectMaxDelay: config.reconnectMaxDelay,
      channelName: config.shareConnectionState ? `owl-services:connection:${config.heartbeatRoute}` : undefined,
    });
    const hideNotices = showConnectionNotices(monitor, deps.notification, makeTranslate(env));
    const cache = new ReadCache({
      version: config.cacheVersion,
      // Per user: the orm's user context names them (Odoo's uid), read when a read is made.
      namespace: () => `${config.cacheVersion}|${String(env.config.orm?.context?.uid ?? "")}`,
      channelName: config.shareConnectionState ? "owl-services:cache" : undefined,
    });
    const rpc = createRPC(env.bus, config, monitor, cache);
    monitors.set(rpc, monitor);
    caches.set(rpc, cache);
    stops.set(rpc, () => {
      stopRPC(rpc);
      hideNotices();
      monitor.dispose();
      cache.close();
    });
    return rpc;
  },
  stop(rpc) {
    stops.get(rpc)?.();
  },
};

/** What stopping each env's rpc undoes: its calls, its poller, its channels, its notices. */
const stops = new WeakMap<object, () => void>();
