import type { Env, ServiceDefinition } from "../../env.js";
import { ConnectionMonitor } from "./call/connection_monitor.js";
import { type RPCConfig } from "./call/rpc_options.js";
import { ReadCache } from "./reads/read_cache.js";
import { type RPCService, type RPCUser } from "./rpc_function.js";
import type { RPC } from "./types.js";
declare module "../../env.js" {
    interface Services {
        rpc: RPC;
    }
    interface Config {
        rpc?: RPCConfig;
    }
}
/** The connection monitor of an env's rpc: `env.services.rpc`, or the rpc a component got from `useService`. */
export declare function getConnectionMonitor(rpc: unknown): ConnectionMonitor | undefined;
/** The read cache of an env's rpc (`env.services.rpc` or a component's `useService("rpc")`). */
export declare function getReadCache(rpc: unknown): ReadCache | undefined;
/**
 * Whose calls these are before a session says (and for apps that sign in by other means): the
 * orm's context names the user (`config.orm.context.uid`), `config.session.db` the database.
 */
export declare function configUser(env: Env): RPCUser;
/** How long one heartbeat poll may take before it counts as "no answer", in ms. */
export declare const HEARTBEAT_TIMEOUT = 10000;
/**
 * Registered as `rpc`: JSON-RPC 2.0 over XMLHttpRequest. Protected through `useService`
 * (`async: true`). Depends on `notification` for the connection notices.
 */
export declare const rpcService: ServiceDefinition<RPCService>;
