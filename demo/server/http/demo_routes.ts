/**
 * What the demo needs beyond Odoo: switches that make a failure happen for real (an expired
 * session, an outage, another user's edit), and the carrier's REST API that the shipping integration calls.
 */
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { AccessError, PyValueError, UserError } from "../errors";
import type { User } from "../models/base/model";
import { loadUser } from "../models/res_users_login";
import { callKw } from "../orm/call_kw";
import { callContext, requireUser, type ServerContext } from "./context";
import { jsonRoute } from "./jsonrpc";

/** The longest outage the switch accepts, in seconds. */
export const MAX_OUTAGE_SECONDS = 120;

const Shipment = z.object({
  reference: z.string().min(1),
  recipient: z.object({
    name: z.string().min(1),
    street: z.string().nullable().optional(),
    city: z.string({ error: "recipient.city is required" }).min(1, "recipient.city is required"),
    zip: z.string({ error: "recipient.zip is required" }).min(1, "recipient.zip is required"),
    country: z.string({ error: "recipient.country is required" }).length(2, "recipient.country must be a 2-letter code"),
  }),
});

export function demoRoutes(app: FastifyInstance, ctx: ServerContext): void {
  jsonRoute(app, "/demo/session/expire", ctx.logger, async (_params, request) => {
    const { session } = await requireUser(ctx, request);
    await ctx.sessions.expire(session.id);
    return true;
  });

  jsonRoute(app, "/demo/outage", ctx.logger, async (params, request, reply) => {
    const { user } = await requireUser(ctx, request);
    // It stops the server for everyone: a manager's switch.
    if (user.role !== "manager") {
      throw new AccessError(`Only a Sales Administrator may stop the demo server (/demo/outage); ${user.name} is a Salesperson.`);
    }
    const seconds = params.seconds;
    if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_OUTAGE_SECONDS) {
      throw new PyValueError(`/demo/outage: seconds must be a number in (0, ${MAX_OUTAGE_SECONDS}], got ${JSON.stringify(seconds)}`);
    }
    // Answer first, then stop listening: the caller learns the outage started.
    reply.raw.once("finish", () => ctx.startOutage(seconds * 1000));
    return { seconds };
  });

  // "Another user edits this order now": a change by someone else, so the next write that carries
  // the write_date the user saw (context.__last_update) meets Odoo's concurrency check.
  jsonRoute(app, "/demo/edit_order", ctx.logger, async (params, request) => {
    const { user } = await requireUser(ctx, request);
    const id = params.order_id;
    if (!Number.isSafeInteger(id) || (id as number) <= 0) throw new PyValueError(`/demo/edit_order: order_id must be a positive integer, got ${JSON.stringify(id)}`);
    // A write like any other, with the user's rights and record rules: it moves the order's version on.
    const call = { model: "sale.order", method: "write", args: [[id], { note: "Edited by another user" }], kwargs: {} };
    return (await callKw(callContext(ctx, user), call)).result;
  });

  // "Another user confirms an order now": the sales administrator (another one than the caller when
  // there is one) confirms a quotation the caller may read, so the caller's tabs hear it on the bus.
  jsonRoute(app, "/demo/confirm_order", ctx.logger, async (params, request) => {
    const { user } = await requireUser(ctx, request);
    const id = params.order_id;
    if (!Number.isSafeInteger(id) || (id as number) <= 0) throw new PyValueError(`/demo/confirm_order: order_id must be a positive integer, got ${JSON.stringify(id)}`);
    const call = (as: User, method: string, args: unknown[]) =>
      callKw(callContext(ctx, as), { model: "sale.order", method, args, kwargs: {} });
    // Read with the caller's rights first: nobody confirms, through this route, an order they may not see.
    const [order] = (await call(user, "read", [[id], ["name"]])).result as { name: string }[];
    const { rows } = await ctx.db.query<{ id: number }>("SELECT id FROM res_users WHERE role = 'manager' AND active ORDER BY id = $1, id LIMIT 1", [user.id]);
    const manager = rows[0] && (await loadUser(ctx.db, rows[0].id));
    if (!manager) throw new UserError("/demo/confirm_order: there is no active sales administrator to confirm the order");
    await call(manager, "action_confirm", [[id]]);
    return { id, name: order!.name, by: manager.name };
  });

  // This instance's bus, for the dashboard's lab and the benchmarks: a manager's view of every user's sockets.
  jsonRoute(app, "/demo/bus_stats", ctx.logger, async (_params, request) => {
    const { user } = await requireUser(ctx, request);
    if (user.role !== "manager") throw new AccessError(`Only a Sales Administrator may see the bus's sockets (/demo/bus_stats); ${user.name} is a Salesperson.`);
    return ctx.bus.stats();
  });

  // The carrier's API (a partner's REST service, here on the same port): checks the address it is sent.
  app.post("/carrier/v1/shipments", async (request, reply) => {
    if (request.headers.authorization !== "Bearer demo-carrier-key") return reply.code(401).send({ error: "invalid API key" });
    const parsed = Shipment.safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const message = issue.message.startsWith("recipient.") ? issue.message : `${issue.path.join(".")}: ${issue.message}`;
      return reply.code(422).send({ error: message });
    }
    return reply.code(201).send({ tracking_ref: `CX${randomBytes(5).toString("hex").toUpperCase()}` });
  });
}
