// Question: what does the rpc service add per call, over a bare XMLHttpRequest POST to the same
// local JSON-RPC server? (Sequential calls; happy-dom's XHR, real loopback HTTP.)
import { afterAll, beforeAll, bench, describe } from "vitest";
import { makeEnv, startServices } from "../src/env";
import { notificationService } from "../src/services/notification/notification_service";
import { getConnectionMonitor, rpcService } from "../src/services/rpc/rpc_service";
import type { RPC } from "../src/services/rpc/rpc_client";
import { makeServiceRegistry, setPageURL, startJsonRpcServer, type JsonRpcServer } from "../tests/helpers";

let server: JsonRpcServer;
let rpc: RPC;
const params = { model: "sale.order", method: "search_read", args: [], kwargs: { domain: [["state", "=", "sale"]], fields: ["name", "amount_total"], limit: 80 } };

beforeAll(async () => {
  server = await startJsonRpcServer({ "/bench": () => ({ result: [{ id: 1, name: "S00001", amount_total: 1200 }] }) });
  setPageURL(`${server.url}/`);
  const env = makeEnv({ rpc: { shareConnectionState: false } });
  await startServices(env, makeServiceRegistry({ notification: notificationService, rpc: rpcService }));
  rpc = env.services.rpc;
});
afterAll(async () => {
  getConnectionMonitor(rpc)?.dispose();
  await server.close();
});

function rawPost(): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.addEventListener("load", () => resolve(JSON.parse(xhr.responseText)));
    xhr.addEventListener("error", reject);
    xhr.open("POST", "/bench");
    xhr.setRequestHeader("Content-Type", "application/json");
    xhr.send(JSON.stringify({ jsonrpc: "2.0", method: "call", params, id: 1 }));
  });
}

describe("one call to a local JSON-RPC server", () => {
  bench("bare XMLHttpRequest POST", async () => {
    await rawPost();
  }, { time: 3000 });
  bench("rpc(route, params)", async () => {
    await rpc("/bench", params);
  }, { time: 3000 });
});
