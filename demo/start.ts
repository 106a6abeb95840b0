/**
 * `npm start`: the demo server (PGlite in demo/.data, or DATABASE_URL) and the dashboard's Vite dev
 * server together; Ctrl-C stops both. PORT (5173) and DEMO_PORT (8069) change the ports.
 */
import { fileURLToPath } from "node:url";
import { createServer } from "vite";
import { openDemoServer } from "./server/main";

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

const started = Date.now();
// The dev server's proxy (vite.config.ts, xfwd) connects from loopback: trusted, so each browser is told apart by its own address.
const server = await openDemoServer({ trustProxy: ["127.0.0.1"] }).catch((error: unknown) => explain(error, "The demo server", "DEMO_PORT"));
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
