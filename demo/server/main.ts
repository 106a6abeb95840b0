/**
 * The demo server on its own: `tsx demo/server/main.ts` (`npm run demo:server`), or with `--reset`
 * to drop the data and seed it again (`npm run demo:reset`). DATABASE_URL selects a real PostgreSQL.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { createServer } from "node:net";
import { dirname } from "node:path";
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

/** DEMO_SEED_ORDERS: how many orders a first start seeds (default SEED_ORDER_COUNT, 3,000), as seed options. */
function seedOptions(): { seed?: { orders: number } } {
  const raw = process.env.DEMO_SEED_ORDERS;
  if (raw === undefined || raw === "") return {};
  const orders = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(orders >= 1 && orders <= 100_000)) throw new Error(`DEMO_SEED_ORDERS must be a whole number of orders from 1 to 100000, got "${raw}"`);
  return { seed: { orders } };
}

/** Fails with EADDRINUSE if `port` is taken, before anything else is opened. */
function checkPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}

/** One process at a time on PGlite's folder: a second one would write over the first's data. */
function lockDataDir(): () => void {
  const lock = `${DATA_DIR}.lock`;
  mkdirSync(dirname(lock), { recursive: true });
  try {
    writeFileSync(lock, String(process.pid), { flag: "wx" });
  } catch {
    const pid = Number(readFileSync(lock, "utf8"));
    let alive = false;
    try {
      alive = Number.isInteger(pid) && pid > 0 && process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (alive) throw new Error(`The demo database ${DATA_DIR} is in use by process ${pid} (another npm start?). Stop it first.`);
    writeFileSync(lock, String(process.pid)); // left by a process that is gone
  }
  return () => rmSync(lock, { force: true });
}

/** DEMO_TRUSTED_PROXY: the addresses of the proxy in front of the server, comma-separated. */
function trustedProxy(): string[] {
  return (process.env.DEMO_TRUSTED_PROXY ?? "").split(",").map((address) => address.trim()).filter(Boolean);
}

/**
 * Starts the server as `npm start` does: DATABASE_URL, else PGlite in DATA_DIR; logs on. `trustProxy`
 * (else DEMO_TRUSTED_PROXY) names the proxy in front, as `npm start` names its dev server's.
 */
export async function openDemoServer(options: { trustProxy?: readonly string[] } = {}): Promise<DemoServer> {
  const url = process.env.DATABASE_URL;
  const port = demoPort();
  const seed = seedOptions();
  if (port) await checkPortFree(port);
  const unlock = url ? () => undefined : lockDataDir();
  try {
    const trustProxy = options.trustProxy ?? trustedProxy();
    const server = await startDemoServer({ port, databaseUrl: url, dataDir: url ? undefined : DATA_DIR, log: true, trustProxy, ...seed });
    const close = server.close.bind(server);
    server.close = async () => {
      await close();
      unlock();
    };
    return server;
  } catch (error) {
    unlock();
    throw error;
  }
}

/** Drops everything and seeds again. */
async function reset(): Promise<void> {
  const url = process.env.DATABASE_URL;
  // Checked before anything is dropped: a bad value leaves the data as it was.
  const seed = seedOptions();
  const unlock = url ? () => undefined : lockDataDir();
  try {
    await dropAndSeed(url, seed);
  } finally {
    unlock();
  }
}

async function dropAndSeed(url: string | undefined, seed: ReturnType<typeof seedOptions>): Promise<void> {
  if (url) {
    const db = await openDatabase({ url });
    await db.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    await db.close();
  } else {
    await rm(DATA_DIR, { recursive: true, force: true });
  }
  const server = await startDemoServer({ port: 0, databaseUrl: url, dataDir: url ? undefined : DATA_DIR, ...seed });
  console.log(`The demo database was reset and seeded (${server.db.description}).`);
  await server.close();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    if (process.argv.includes("--reset")) {
      await reset();
    } else {
      const server = await openDemoServer();
      console.log(`Demo server on ${server.url} (${server.db.description}). Ctrl-C stops it.`);
      const stop = () => void server.close().then(() => process.exit(0));
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    }
  } catch (error) {
    // A message for the person at the terminal (the database in use, DATABASE_URL unreachable…), not a stack trace.
    console.error(`demo server: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
