import type { Config, Env, ServiceDefinition } from "../../../src/env";
import type { RPC } from "../../../src/services/rpc/types";
import { type Handler, type JsonRpcServer } from "../../helpers";
export interface BusRecord {
    name: string;
    detail: Record<string, unknown>;
}
/**
 * A JSON-RPC server on port 0, the page's URL on its origin, and an env with notification + rpc
 * (and `services`, e.g. orm) started. Servers close and monitors stop after each test.
 */
export declare function setupRPC(routes?: Record<string, Handler>, config?: Config, services?: Record<string, ServiceDefinition>): Promise<{
    server: JsonRpcServer;
    env: Env;
    rpc: RPC;
    events: BusRecord[];
    named: (name: string) => Record<string, unknown>[];
}>;
