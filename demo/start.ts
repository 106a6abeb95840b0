/**
 * `npm start`: the demo server (PGlite in demo/.data, or DATABASE_URL) and the dashboard's Vite dev
 * server together; Ctrl-C stops both. PORT (5173) and DEMO_PORT (8069) change the ports. It says
 * what it does while it does it: creating and seeding the database on a first start, then the URL.
 */
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createServer } from "vite";
import { SEED_ORDER_COUNT } from "./server/db/seed";
import { DATA_DIR, openDemoServer } from "./server/main";

/** A port in use is the usual start-up failure: say which and how to choose another, not a stack. */
function explain(error: unknown, what: string, variable: string): never {
  const code = (error as { code?: unknown }).code;
  const inUse = code === "EADDRINUSE" || (error instanceof Error && /already in use/.test(error.message));
  console.error(
    inUse
      ? `\n  ${what}: its port is already in use (another demo running?). Stop it, or choose another port: ${variable}=<port> npm start\n`
      : `\n  ${what} could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}

/** What opening the database will do, said before it is done (a first start seeds for about 20 s). */
function announce(): string {
  if (process.env.DATABASE_URL) return "Opening the PostgreSQL database of DATABASE_URL (migrated and seeded if it is new)…";
  const fresh = !existsSync(DATA_DIR) || readdirSync(DATA_DIR).length === 0;
  const orders = SEED_ORDER_COUNT.toLocaleString("en-US");
  return fresh ? `Creating the demo database in ${DATA_DIR}: migrating it, then seeding ${orders} orders (about 20 s, once)…` : `Opening the demo database in ${DATA_DIR}…`;
}

const started = Date.now();
console.log(`\n  ${announce()}`);
// A line every 5 s while it works, so a first start never looks stuck.
const ticker = setInterval(() => console.log(`  … still preparing the database (${Math.round((Date.now() - started) / 1000)} s)`), 5000);
// The dev server's proxy (vite.config.ts, xfwd) connects from loopback: trusted, so each browser is told apart by its own address.
const server = await openDemoServer({ trustProxy: ["127.0.0.1"] })
  .catch((error: unknown) => explain(error, "The demo server", "DEMO_PORT"))
  .finally(() => clearInterval(ticker));
console.log(`  Database ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Starting the dashboard's dev server…`);
process.env.DEMO_PORT = String(server.port);
const vite = await createServer({ configFile: fileURLToPath(new URL("./vite.config.ts", import.meta.url)) });
await vite.listen().catch(async (error: unknown) => {
  await server.close();
  explain(error, "The dashboard's dev server", "PORT");
});
const url = vite.resolvedUrls?.local[0] ?? `http://localhost:${vite.config.server.port}/`;
console.log(`
  owl-services demo — ready in ${((Date.now() - started) / 1000).toFixed(1)} s

  Dashboard:  ${url}
  Server:     ${server.url} (Odoo 17 JSON-RPC, database ${server.db.description}; npm run demo:reset re-seeds it)
  Sign in:    admin / admin (manager) or sales / sales (salesperson)

  Ctrl-C stops both.
`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the dashboard and the server…`);
  await vite.close();
  await server.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
