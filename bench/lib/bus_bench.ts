/**
 * What the bus benches share: the demo server in a process of its own on a PGlite folder of its own,
 * the bench server piping to it, a Chromium, the manager ("admin") and the salesperson whose
 * quotations are "another user's" writes (Marc Demo, "sales"); and the probes they ask the server.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchChromium } from "../../tests/browser/browser_helpers";
import { OdooClient } from "../../tests/demo/server/demo_server_helpers";
import { startBenchServer, type BenchServer } from "./bench_server";
import { allGot, closeSockets, openSockets, startBusServer } from "./bus_clients";
import type { ServerProcess } from "./server_process";

export interface BusBench {
  demo: ServerProcess;
  server: BenchServer;
  browser: Browser;
  admin: OdooClient;
  sales: OdooClient;
  /** Marc Demo's quotations: what "another user" writes. */
  salesOrders: number[];
}

/** Starts a bus bench's servers and browser before the file's tests (`maxSockets` per session), and stops them after. */
export function useBusBench(name: string, maxSockets: number): BusBench {
  const bench = {} as BusBench;
  let dataDir: string | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), `${name}-`));
    bench.demo = await startBusServer(dataDir, maxSockets);
    [bench.server, bench.browser] = await Promise.all([startBenchServer({ proxy: bench.demo.url }), launchChromium()]);
    bench.admin = new OdooClient(bench.demo.url);
    bench.sales = new OdooClient(bench.demo.url);
    await bench.admin.login("admin");
    const { uid } = (await bench.sales.login("sales")) as { uid: number };
    bench.salesOrders = await bench.sales.call<number[]>("sale.order", "search", [[["user_id", "=", uid], ["state", "=", "draft"]]], { limit: 8, order: "id" });
    if (bench.salesOrders.length < 2) throw new Error(`${name} needs quotations of Marc Demo to write, found ${JSON.stringify(bench.salesOrders)}`);
  }, 180_000);
  afterAll(async () => {
    await bench.browser?.close();
    await bench.server?.close();
    await bench.demo?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  return bench;
}

/** The highest bus id given out: what a socket asking from the future is told (a reset at that id). */
export async function busTop({ demo, admin }: BusBench): Promise<number> {
  const [probe] = await openSockets(demo.url, admin.cookie, 1, ["sale.order"], Number.MAX_SAFE_INTEGER);
  await allGot([probe!], (socket) => socket.got.size > 0, 30_000);
  await closeSockets([probe!]);
  return [...probe!.got.keys()][0]!;
}

/** `/demo/bus_stats`, asked by the manager. */
export async function busStats({ admin }: BusBench): Promise<{ sockets: number; channels: number; notifications: number }> {
  const reply = await admin.post<{ sockets: number; channels: number; notifications: number }>("/demo/bus_stats");
  if (!reply.body.result) throw new Error(`/demo/bus_stats answered ${JSON.stringify(reply.body)}`);
  return reply.body.result;
}

/** `promise`, or a rejection naming `what` after `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: nothing after ${ms / 1000} s`)), ms))]);
}
