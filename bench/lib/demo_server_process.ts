/**
 * The demo server in a process of its own, for the benchmarks that load it (bench/demo_orders.bench.ts,
 * bench/bus.bench.ts): their clients then have the other core, and the server's heap is its own to
 * measure. DATABASE_URL selects PostgreSQL, else PGlite in the folder DEMO_DATA_DIR (migrated and
 * seeded here); BUS_MAX_SOCKETS, when set, is how many bus sockets a session may open. Every query is
 * counted; slow methods do not wait (the benches call none of them).
 *
 * The protocol (bench/lib/server_process.ts speaks it): one JSON line `{"url": ...}` once it listens;
 * then each line on stdin is a question answered by one JSON line: "queries" → `{"queries": n}` (the
 * database's round trips so far), "heap" → `{"heap": bytes}` (heap used after two full collections;
 * the process needs --expose-gc). The end of stdin stops the server and the process.
 */
import { createInterface } from "node:readline";
import { openDatabase } from "../../demo/server/db/database";
import { countQueries } from "../../demo/server/db/query_counter";
import { startDemoServer } from "../../demo/server/server";

const database = countQueries(await openDatabase({ url: process.env.DATABASE_URL, dataDir: process.env.DEMO_DATA_DIR }));
const maxBusSockets = process.env.BUS_MAX_SOCKETS ? Number(process.env.BUS_MAX_SOCKETS) : undefined;
const server = await startDemoServer({ port: 0, database, seed: { until: new Date("2026-06-30T12:00:00Z") }, maxBusSockets, sleep: async () => undefined });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);

const gc = (globalThis as { gc?: () => void }).gc;
const ANSWERS: Record<string, () => Record<string, unknown>> = {
  queries: () => ({ queries: database.count }),
  heap: () => {
    if (!gc) return { error: "heap: the demo server's process runs without --expose-gc" };
    gc();
    gc();
    return { heap: process.memoryUsage().heapUsed };
  },
};

const questions = createInterface({ input: process.stdin });
questions.on("line", (line) => {
  const question = line.trim();
  const answer = ANSWERS[question]?.() ?? { error: `unknown question ${JSON.stringify(question)} (known: ${Object.keys(ANSWERS).join(", ")})` };
  process.stdout.write(`${JSON.stringify(answer)}\n`);
});
questions.on("close", () => void server.close().then(() => database.close()).then(() => process.exit(0)));
