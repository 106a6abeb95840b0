import { fileURLToPath } from "node:url";
import { createLogger, defineConfig } from "vite";

const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/** Where the demo server listens; `npm start` sets DEMO_PORT to the port it actually got. */
const serverPort = Number(process.env.DEMO_PORT ?? 8069);
const target = `http://127.0.0.1:${serverPort}`;

// While the demo server is down (the outage switch), every proxied call fails: the proxy answers
// 502 Bad Gateway, as nginx in front of Odoo would. Say so once a second, not with a stack per call.
const logger = createLogger();
let lastProxyNote = 0;
const logError = logger.error.bind(logger);
logger.error = (message, options) => {
  if (message.includes("http proxy error")) {
    if (Date.now() - lastProxyNote > 1000) logger.warn(`proxy: the demo server at ${target} is not answering (502 Bad Gateway)`, { timestamp: true });
    lastProxyNote = Date.now();
    return;
  }
  logError(message, options);
};

/** The dashboard: OWL + owl-services from src/ (imported by the package name, as a user would). */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  customLogger: logger,
  resolve: {
    alias: [
      { find: /^owl-services$/, replacement: root("src/index.ts") },
      { find: /^owl-services\/(core|rpc|orm|notification|error_display|loading_indicator|outbox|bus|internal|xml_templates)$/, replacement: root("src/$1.ts") },
      { find: /^owl-services\/(style|outbox)\.css$/, replacement: root("src/$1.css") },
    ],
  },
  server: {
    port: Number(process.env.PORT ?? 5173),
    strictPort: true,
    host: "localhost",
    proxy: {
      "/web": { target, xfwd: true },
      "/demo": { target, xfwd: true },
      // The bus: the page's own origin and Host reach the server, which checks that they agree.
      "/websocket": { target, xfwd: true, ws: true },
    },
    fs: { allow: [root("")] },
  },
  // Bundled at start-up, so the first page load never triggers a dependency re-optimization and reload.
  optimizeDeps: { include: ["@odoo/owl", "chart.js"] },
  build: { outDir: root("dist-demo"), emptyOutDir: true },
});
