/** /web/dataset/call_kw[/<model>/<method>]: the suffix is for logs, the params say what to call (as in Odoo). */
import type { FastifyInstance } from "fastify";
import { callKw } from "../orm/call_kw";
import { requireUser, type ServerContext } from "./context";
import { jsonRoute } from "./jsonrpc";

export function datasetRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const handler = async (params: Record<string, unknown>, request: Parameters<typeof requireUser>[1]) => {
    const { user } = await requireUser(ctx, request);
    return callKw({ db: ctx.db, models: ctx.models, user, carrierUrl: ctx.selfUrl(), sleep: ctx.sleep }, params);
  };
  jsonRoute(app, "/web/dataset/call_kw", ctx.logger, handler);
  jsonRoute(app, "/web/dataset/call_kw/*", ctx.logger, handler);
}
