import { browser } from "../../browser.js";
import type { Env, ServiceDefinition } from "../../env.js";
import { makeTranslate } from "../../translation.js";
import { ConnectionMonitor } from "./call/connection_monitor.js";
import { showConnectionNotices } from "./call/connection_notice.js";
import { RPCClient } from "./call/rpc_client.js";
import { resolveRPCConfig, type RPCConfig } from "./call/rpc_options.js";
import { postJson, reachedServer } from "./call/xhr_transport.js";
import { ReadCache } from "./reads/read_cache.js";
import { Reads } from "./reads/reads.js";
import { Writes } from "./writes/writes.js";
import { createRPC, type RPCLayers, type RPCService, type RPCUser } from "./rpc_function.js";
import type { RPC } from "./types.js";

declare module "../../env.js" {
  interface Services {
    rpc: RPC;
  }
  interface Config {
    rpc?: RPCConfig;
  }
}

const layersOf = (rpc: unknown): RPCLayers | undefined => (typeof rpc === "function" ? (rpc as Partial<RPCService>).layers : undefined);

/** The connection monitor of an env's rpc: `env.services.rpc`, or the rpc a component got from `useService`. */
export function getConnectionMonitor(rpc: unknown): ConnectionMonitor | undefined {
  return layersOf(rpc)?.client.monitor;
}

/** The read cache of an env's rpc (`env.services.rpc` or a component's `useService("rpc")`). */
export function getReadCache(rpc: unknown): ReadCache | undefined {
  return layersOf(rpc)?.reads.cache;
}

/**
 * Whose calls these are before a session says (and for apps that sign in by other means): the
 * orm's context names the user (`config.orm.context.uid`), `config.session.db` the database.
 */
export function configUser(env: Env): RPCUser {
  return {
    owner() {
      const uid = env.config.orm?.context?.uid;
      return uid === undefined || uid === null || uid === false ? "" : `${(env.config as { session?: { db?: string } }).session?.db ?? ""}|${String(uid)}`;
    },
    // Without a session service, the app says whose calls these are (or nobody's): always known.
    known: () => true,
    context: () => ({}),
  };
}

/** How long one heartbeat poll may take before it counts as "no answer", in ms. */
export const HEARTBEAT_TIMEOUT = 10_000;

/**
 * Registered as `rpc`: JSON-RPC 2.0 over XMLHttpRequest. Protected through `useService`
 * (`async: true`). Depends on `notification` for the connection notices.
 */
export const rpcService: ServiceDefinition<RPCService> = {
  dependencies: ["notification"],
  async: true,
  start(env: Env, deps): RPCService {
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
    let layers!: RPCLayers;
    const cache = new ReadCache({
      version: config.cacheVersion,
      // Per user and database (the session sets `layers.user`), read when a read is made.
      namespace: () => `${config.cacheVersion}|${layers.user.owner()}`,
      ownerKnown: () => layers.user.known(),
      channelName: config.shareConnectionState ? "owl-services:cache" : undefined,
      secret: config.cacheSecret,
    });
    const client = new RPCClient(env.bus, config, monitor);
    const reads = new Reads(client, cache);
    client.onStop(() => {
      hideNotices();
      cache.close();
    });
    layers = { client, reads, writes: new Writes(client, reads), user: configUser(env) };
    return createRPC(layers);
  },
  stop(rpc) {
    rpc.layers.client.stop();
    return rpc.layers.reads.cache.dropped().then(() => undefined);
  },
};
