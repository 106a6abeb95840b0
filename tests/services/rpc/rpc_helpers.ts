import { afterEach } from "vitest";
import type { Config, Env, ServiceDefinition } from "../../../src/env";
import { notificationService } from "../../../src/services/notification/notification_service";
import { getConnectionMonitor, rpcService } from "../../../src/services/rpc/rpc_service";
import type { RPC } from "../../../src/services/rpc/types";
import { makeServiceRegistry, makeTestEnv, setPageURL, startJsonRpcServer, type Handler, type JsonRpcServer } from "../../helpers";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export interface BusRecord {
  name: string;
  detail: Record<string, unknown>;
}

/**
 * A JSON-RPC server on port 0, the page's URL on its origin, and an env with notification + rpc
 * (and `services`, e.g. orm) started. Servers close and monitors stop after each test.
 */
export async function setupRPC(
  routes: Record<string, Handler> = {},
  config: Config = {},
  services: Record<string, ServiceDefinition> = {},
): Promise<{
  server: JsonRpcServer;
  env: Env;
  rpc: RPC;
  events: BusRecord[];
  named: (name: string) => Record<string, unknown>[];
}> {
  const server = await startJsonRpcServer(routes);
  cleanups.push(() => server.close());
  setPageURL(`${server.url}/odoo`);
  const env = await makeTestEnv(
    { ...config, rpc: { shareConnectionState: false, ...config.rpc } },
    makeServiceRegistry({ notification: notificationService, rpc: rpcService, ...services }),
  );
  const rpc = env.services.rpc;
  cleanups.push(() => getConnectionMonitor(rpc)?.dispose());
  const events: BusRecord[] = [];
  for (const name of ["RPC:REQUEST", "RPC:RESPONSE", "RPC_ERROR"]) {
    env.bus.addEventListener(name, (ev) => events.push({ name, detail: (ev as CustomEvent).detail }));
  }
  return { server, env, rpc, events, named: (name) => events.filter((e) => e.name === name).map((e) => e.detail) };
}
