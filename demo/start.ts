/**
 * `npm start`: the demo server (PGlite in demo/.data, or DATABASE_URL) and the dashboard's Vite dev
 * server together; Ctrl-C stops both. PORT (5173) and DEMO_PORT (8069) change the ports.
 */
import { fileURLToPath } from "node:url";
import { createServer } from "vite";
import { openDemoServer } from "./server/main";

const started = Date.now();
const server = await openDemoServer();
process.env.DEMO_PORT = String(server.port);
const vite = await createServer({ configFile: fileURLToPath(new URL("./vite.config.ts", import.meta.url)) });
await vite.listen();
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
