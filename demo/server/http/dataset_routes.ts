/**
 * /web/dataset/call_kw[/<model>/<method>]: the suffix is for logs, the params say what to call (as in
 * Odoo). A call with an Idempotency-Key header is applied once (see idempotency.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { callKw } from "../orm/call_kw";
import { requireUser, type ServerContext } from "./context";
import { IDEMPOTENCY_HEADER, IdempotencyStore } from "./idempotency";
import { jsonRoute } from "./jsonrpc";

export function datasetRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const idempotency = new IdempotencyStore();
  const handler = async (params: Record<string, unknown>, request: FastifyRequest, reply: FastifyReply) => {
    const { user } = await requireUser(ctx, request);
    const delay = ctx.latency(`${String(params.model)}.${String(params.method)}`);
    const apply = async () => {
      // A slow server: the call is known (and its key taken) from the start, answered after the delay.
      if (typeof delay !== "number") await delay;
      else if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      return callKw({ db: ctx.db, models: ctx.models, user, carrierUrl: ctx.selfUrl(), sleep: ctx.sleep }, params);
    };
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (header === undefined) return apply();
    const key = IdempotencyStore.check(header);
    const { replayed, result } = await idempotency.run(user.id, key, params, apply);
    if (replayed) {
      reply.header("Idempotent-Replayed", "true");
      ctx.logger.info(`${request.url}: Idempotency-Key ${key} seen before, answered with the first result (not applied again)`);
    }
    return result;
  };
  jsonRoute(app, "/web/dataset/call_kw", ctx.logger, handler);
  jsonRoute(app, "/web/dataset/call_kw/*", ctx.logger, handler);
}
