/** What every route handler reaches: the database, the models, the sessions and the server's switches. */
import type { FastifyRequest } from "fastify";
import type { BusHub } from "../bus/bus_hub";
import type { Database } from "../db/database";
import { SessionExpiredException } from "../errors";
import type { BusLimits, CallLimits } from "../limits";
import type { ModelRegistry, User } from "../models/base/model";
import type { CallContext } from "../orm/call_kw";
import type { Logger } from "./logger";
import { SESSION_COOKIE, type Session, type SessionStore } from "../models/http_session";

export const DB_NAME = "demo";
export const SERVER_VERSION_INFO = [17, 0, 0, "final", 0, ""] as const;

export interface ServerContext {
  db: Database;
  models: ModelRegistry;
  sessions: SessionStore;
  logger: Logger;
  /** What one call may cost (domains, patterns, records written, the answer's size). */
  limits: CallLimits;
  /** This instance's bus: its sockets on `/websocket`, and what it pushes to them. */
  bus: BusHub;
  /** What the bus lets a session and a socket hold, and how long it keeps notifications. */
  busLimits: BusLimits;
  /** The most ms a request may take to arrive whole, headers and body (0: no bound). */
  requestTimeout: number;
  /** The server's own address, for integrations it calls (the carrier API). */
  selfUrl(): string;
  sleep(ms: number): Promise<void>;
  /** Stops listening for `ms`, then listens again on the same port. */
  startOutage(ms: number): void;
  /**
   * Extra time before applying a call_kw (a slow network or server, for tests and benchmarks): ms for
   * "model.method", or a promise the call waits for (a test holding a call until it lets it go).
   */
  latency(call: string): number | Promise<unknown>;
}

export function sessionOf(ctx: ServerContext, request: FastifyRequest): Promise<(Session & { user: User | undefined }) | undefined> {
  return ctx.sessions.get(request.cookies[SESSION_COOKIE]);
}

/** The signed-in user of the request, or Odoo's SessionExpiredException (code 100). */
export async function requireUser(ctx: ServerContext, request: FastifyRequest): Promise<{ session: Session; user: User }> {
  const session = await sessionOf(ctx, request);
  if (!session) throw new SessionExpiredException();
  const { user } = session;
  if (!user) {
    await ctx.sessions.destroy(session.id);
    throw new SessionExpiredException();
  }
  return { session, user };
}

/** What `callKw` needs to run a call as `user` on this server, with the call's Idempotency-Key if it has one. */
export function callContext(ctx: ServerContext, user: User, key?: string): CallContext {
  return { db: ctx.db, models: ctx.models, user, carrierUrl: ctx.selfUrl(), sleep: ctx.sleep, limits: ctx.limits, key };
}
