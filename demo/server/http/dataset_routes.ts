/**
 * /web/dataset/call_kw[/<model>/<method>]: the suffix is for logs, the params say what to call (as in
 * Odoo). A call with an Idempotency-Key header is applied once (see orm/idempotency.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { callKw } from "../orm/call_kw";
import { callContext, requireUser, type ServerContext } from "./context";
import { IDEMPOTENCY_HEADER, checkIdempotencyKey } from "./idempotency";
import { jsonRoute } from "./jsonrpc";

export function datasetRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const handler = async (params: Record<string, unknown>, request: FastifyRequest, reply: FastifyReply) => {
    const { user } = await requireUser(ctx, request);
    const header = request.headers[IDEMPOTENCY_HEADER];
    const key = header === undefined ? undefined : checkIdempotencyKey(header);
    const delay = ctx.latency(`${String(params.model)}.${String(params.method)}`);
    // A slow server: answered after the delay.
    if (typeof delay !== "number") await delay;
    else if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const { replayed, result } = await callKw(callContext(ctx, user, key), params);
    if (replayed) {
      reply.header("Idempotent-Replayed", "true");
      ctx.logger.info(`${request.url}: Idempotency-Key ${key} seen before, answered with the first result (not applied again)`);
    }
    return result;
  };
  jsonRoute(app, "/web/dataset/call_kw", ctx.logger, handler);
  jsonRoute(app, "/web/dataset/call_kw/*", ctx.logger, handler);
}
