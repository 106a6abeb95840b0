/**
 * The demo server on its own: `tsx demo/server/main.ts` (`npm run demo:server`), or with `--reset`
 * to drop the data and seed it again (`npm run demo:reset`). DATABASE_URL selects a real PostgreSQL.
 */
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { openDatabase } from "./db/database";
import { DEFAULT_DEMO_PORT, startDemoServer, type DemoServer } from "./server";

/** PGlite's data folder: DEMO_DATA_DIR, else demo/.data/pglite (git-ignored). */
export const DATA_DIR = process.env.DEMO_DATA_DIR || fileURLToPath(new URL("../.data/pglite", import.meta.url));

function demoPort(): number {
  const raw = process.env.DEMO_PORT;
  if (raw === undefined) return DEFAULT_DEMO_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`DEMO_PORT must be a port number (0-65535), got "${raw}"`);
  return port;
}

/** Starts the server as `npm start` does: DATABASE_URL, else PGlite in DATA_DIR; logs on. */
export function openDemoServer(): Promise<DemoServer> {
  const url = process.env.DATABASE_URL;
  return startDemoServer({ port: demoPort(), databaseUrl: url, dataDir: url ? undefined : DATA_DIR, log: true });
}

/** Drops everything and seeds again. */
async function reset(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const db = await openDatabase({ url });
    await db.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    await db.close();
  } else {
    await rm(DATA_DIR, { recursive: true, force: true });
  }
  const server = await startDemoServer({ port: 0, databaseUrl: url, dataDir: url ? undefined : DATA_DIR });
  console.log(`The demo database was reset and seeded (${server.db.description}).`);
  await server.close();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes("--reset")) {
    await reset();
  } else {
    const server = await openDemoServer();
    console.log(`Demo server on ${server.url} (${server.db.description}). Ctrl-C stops it.`);
    const stop = () => void server.close().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  }
}
