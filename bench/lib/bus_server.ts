/**
 * The demo server in a process of its own, for the bus benchmark (bench/bus.bench.ts): its sockets'
 * clients then run in the bench's process, and its heap is its own to measure. PGlite in the empty
 * folder DEMO_DATA_DIR, migrated and seeded here, with BUS_MAX_SOCKETS sockets allowed per session. Prints one
 * JSON line `{"url": ...}` when it listens; a line "heap" on stdin answers `{"heap": bytes}`, the
 * heap used after two full collections (the process runs with --expose-gc).
 */
import { startDemoServer } from "../../demo/server/server";

const server = await startDemoServer({ port: 0, dataDir: process.env.DEMO_DATA_DIR, seed: { until: new Date("2026-06-30T12:00:00Z") }, maxBusSockets: Number(process.env.BUS_MAX_SOCKETS), sleep: async () => undefined });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);

const gc = (globalThis as { gc?: () => void }).gc;
process.stdin.setEncoding("utf8");
process.stdin.on("data", (line: string) => {
  if (line.trim() !== "heap" || !gc) return;
  gc();
  gc();
  process.stdout.write(`${JSON.stringify({ heap: process.memoryUsage().heapUsed })}\n`);
});
process.stdin.on("end", () => void server.close().then(() => process.exit(0)));
