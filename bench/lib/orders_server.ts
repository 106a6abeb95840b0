/**
 * The demo server in a process of its own, for the load benchmark (bench/demo_orders.bench.ts): the
 * load loop then has the other core. DATABASE_URL selects PostgreSQL, else PGlite in DEMO_DATA_DIR.
 * Prints one JSON line `{"url": ...}` when it listens; every query is counted (`queries()` below).
 */
import { openDatabase } from "../../demo/server/db/database";
import { countQueries } from "../../demo/server/db/query_counter";
import { startDemoServer } from "../../demo/server/server";

const database = countQueries(await openDatabase({ url: process.env.DATABASE_URL, dataDir: process.env.DEMO_DATA_DIR }));
const server = await startDemoServer({ port: 0, database, seed: { until: new Date("2026-06-30T12:00:00Z") } });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
// The counter's figure on request: a line "queries" on stdin answers the total so far.
process.stdin.setEncoding("utf8");
process.stdin.on("data", (line: string) => {
  if (line.trim() === "queries") process.stdout.write(`${JSON.stringify({ queries: database.count })}\n`);
});
process.stdin.on("end", () => void server.close().then(() => database.close()).then(() => process.exit(0)));
