/** The Fastify app: routes, the 1 MiB body limit, and Odoo's answers for unknown routes and bad bodies. */
import cookie from "@fastify/cookie";
import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";
import { attachBusSockets } from "../bus/websocket";
import { BadRequest, NotFound, serializeError } from "../errors";
import { startSweeper } from "../orm/sweeper";
import type { ServerContext } from "./context";
import { datasetRoutes } from "./dataset_routes";
import { demoRoutes } from "./demo_routes";
import { sendJsonRpcError } from "./jsonrpc";
import { sessionRoutes } from "./session_routes";

/** Odoo's default limit on a request body is larger; 1 MiB is plenty for this demo's calls. */
export const BODY_LIMIT = 1024 * 1024;
/**
 * The most ms a request may take to arrive whole, headers and body (Fastify's own default is 0, no
 * bound: a body trickled a byte every few seconds would hold its socket for ever). 1 MiB in 30 s
 * is 35 kB/s, a slow link's pace.
 */
export const DEFAULT_REQUEST_TIMEOUT = 30_000;

const NOT_FOUND_PAGE = `<!doctype html>
<html lang="en"><head><title>404 Not Found</title></head>
<body><h1>Not Found</h1><p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p></body></html>`;

export interface AppOptions {
  /** The addresses of the proxy in front (one hop), whose X-Forwarded-For names the client. */
  trustProxy: readonly string[];
  /** ms between sweeps of what ran out (0: none). */
  sweepEvery: number;
}

export async function createApp(ctx: ServerContext, { trustProxy, sweepEvery }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // Only the hop that connected, and only from a configured address: what a client writes before it is not believed.
    trustProxy: (address, hop) => hop === 0 && trustProxy.includes(address),
    bodyLimit: BODY_LIMIT,
    requestTimeout: ctx.requestTimeout,
    // Node checks the timeout every 30 s by default: a shorter bound needs a shorter check. And Node
    // takes requestTimeout from its constructor too: Fastify's `server.requestTimeout = …` alone, set
    // after it, leaves headersTimeout at 60 s, and a trickled body was not cut (request_bounds.test.ts).
    ...(ctx.requestTimeout > 0 ? { http: { requestTimeout: ctx.requestTimeout, connectionsCheckingInterval: Math.min(30_000, Math.ceil(ctx.requestTimeout / 4)) } } : {}),
    logger: false,
    forceCloseConnections: true,
    // A URL that cannot be decoded (a stray "%") gets a JSON-RPC error saying so, as the rest of the API answers.
    frameworkErrors: (error, request, reply) => {
      const why = error.code === "FST_ERR_BAD_URL" ? `the URL ${JSON.stringify(request.url)} cannot be decoded (a "%" must start an escape such as %20)` : error.message;
      void (reply as FastifyReply).code(400).send({ jsonrpc: "2.0", id: null, error: serializeError(new BadRequest(`Invalid request: ${why}`)) });
    },
  });
  await app.register(cookie);
  const sockets = attachBusSockets(app.server, { hub: ctx.bus, sessions: ctx.sessions, models: ctx.models, limits: ctx.busLimits, parseCookie: (header) => app.parseCookie(header) });
  // Before the HTTP server closes: it waits for every connection to end, upgraded ones included.
  app.addHook("preClose", async () => {
    sockets.close();
    await ctx.bus.stop();
  });
  const sweeper = startSweeper(ctx.db, ctx.sessions, { every: sweepEvery, busRetention: ctx.busLimits.busRetention }, (error) => ctx.logger.warn(`The sweep of what ran out failed (tried again in ${sweepEvery / 1000} s): ${String(error)}`));
  app.addHook("onClose", () => sweeper.stop());

  // One line per request, as Odoo's werkzeug log has it: what was asked, the status, how long it took.
  app.addHook("onResponse", async (request, reply) => {
    ctx.logger.info(`${request.method} ${request.url} ${reply.statusCode} ${Math.round(reply.elapsedTime)} ms`);
  });

  // "fail" (503) while a transaction holds the database past its limit: a load balancer then sends users elsewhere.
  app.get("/web/health", async (_request, reply) => {
    const held = ctx.db.held();
    if (!held) return { status: "pass" };
    const output = `${held.holder} has held the database for ${Number((held.ms / 1000).toFixed(1))} s (the limit is ${held.limit} ms)`;
    return reply.code(503).send({ status: "fail", output });
  });
  sessionRoutes(app, ctx);
  datasetRoutes(app, ctx);
  demoRoutes(app, ctx);

  // A JSON request to an unknown route gets Odoo's JSON-RPC 404 (code 404, werkzeug NotFound); a page request, a page.
  app.setNotFoundHandler((request, reply) => {
    if (request.headers["content-type"]?.includes("application/json")) {
      return sendJsonRpcError(reply, (request.body as { id?: unknown } | undefined)?.id, new NotFound(request.url), ctx.logger, request.url);
    }
    return reply.code(404).type("text/html; charset=utf-8").send(NOT_FOUND_PAGE);
  });

  // Bodies Fastify refused before any route ran (not JSON, too large, wrong media type).
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) return sendJsonRpcError(reply, null, error, ctx.logger, request.url);
    const reason = status === 413 ? `the body is larger than ${BODY_LIMIT} bytes` : error.message;
    // 413 keeps its status (a proxy or a client may act on it); other refusals answer 200, as Odoo does.
    const refusal = new BadRequest(`Invalid JSON-RPC request to ${request.url}: ${reason}`);
    return sendJsonRpcError(reply, null, refusal, ctx.logger, request.url, status === 413 ? 413 : 200);
  });
  return app;
}
