/** /web/session/* and /web/webclient/version_info, answered as Odoo 17 answers them. */
import bcrypt from "bcryptjs";
import { PASSWORD_COST } from "../db/seed_data";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { AccessDenied, AccessError, PyValueError } from "../errors";
import type { User } from "../models/base/model";
import { DB_NAME, SERVER_VERSION_INFO, loadUser, requireUser, sessionOf, type ServerContext } from "./context";
import { jsonRoute } from "./jsonrpc";
import { SESSION_COOKIE, SESSION_LIFETIME } from "./sessions";

const Credentials = z.object({
  db: z.string({ error: "db must be the database name (a string)" }),
  login: z.string({ error: "login must be a string" }),
  password: z.string({ error: "password must be a string" }),
});

const versionInfo = () => ({
  server_version: "17.0",
  server_version_info: SERVER_VERSION_INFO,
  server_serie: "17.0",
  protocol_version: 1,
});

function sessionInfo(user: User) {
  return {
    uid: user.id,
    is_system: user.role === "manager",
    is_admin: user.role === "manager",
    user_context: { lang: user.lang, tz: user.tz, uid: user.id },
    db: DB_NAME,
    server_version: "17.0",
    server_version_info: SERVER_VERSION_INFO,
    name: user.name,
    username: user.login,
    partner_display_name: user.name,
    partner_id: user.partnerId,
    company_id: 1,
    user_companies: { current_company: 1, allowed_companies: { 1: { id: 1, name: "YourCompany" } } },
  };
}

/** Odoo 17's login cooldown: after this many failures in a row for a login from one address… */
export const LOGIN_FAILURES_BEFORE_COOLDOWN = 5;
/** …its sign-ins are refused for this long after the last failure (ms). */
export const LOGIN_COOLDOWN = 60_000;
/** Failures by address and login; bounded (the oldest go first), whatever is tried. */
const failures = new Map<string, { count: number; last: number }>();
const MAX_TRACKED = 10_000;

function onCooldown(key: string, now: number): boolean {
  const entry = failures.get(key);
  return entry !== undefined && entry.count >= LOGIN_FAILURES_BEFORE_COOLDOWN && now - entry.last < LOGIN_COOLDOWN;
}

function failed(key: string, now: number): void {
  const entry = failures.get(key) ?? { count: 0, last: now };
  failures.delete(key);
  if (failures.size >= MAX_TRACKED) failures.delete(failures.keys().next().value!);
  failures.set(key, { count: entry.count + 1, last: now });
}

let unknownHash: string | undefined;
/**
 * What a password of an unknown login is compared with: a valid hash of the users' cost, made
 * once. (A malformed one is refused by bcrypt at once: 3.6 ms against 94 ms, which tells which
 * logins exist.)
 */
export function unknownLoginHash(): string {
  unknownHash ??= bcrypt.hashSync("no user has this password", PASSWORD_COST);
  return unknownHash;
}

export function sessionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  jsonRoute(app, "/web/webclient/version_info", ctx.logger, async () => versionInfo());

  jsonRoute(app, "/web/session/authenticate", ctx.logger, async (params, request, reply) => {
    const parsed = Credentials.safeParse(params);
    if (!parsed.success) throw new PyValueError(`/web/session/authenticate: ${parsed.error.issues[0]!.message}`);
    const { db, login, password } = parsed.data;
    if (db !== DB_NAME) throw new AccessError(`Database not found: "${db}" (this server has "${DB_NAME}").`);
    const attempt = `${request.ip}\u0000${login}`;
    if (onCooldown(attempt, Date.now())) throw new AccessDenied("Too many login failures, please wait a bit before trying again.");
    const { rows } = await ctx.db.query<{ id: number; password: string }>("SELECT id, password FROM res_users WHERE login = $1 AND active", [login]);
    const row = rows[0];
    // Compare against a real hash of the same cost even for an unknown login, so timing does not tell which logins exist.
    const ok = await bcrypt.compare(password, row?.password ?? unknownLoginHash());
    if (!row || !ok) {
      failed(attempt, Date.now());
      throw new AccessDenied("Access Denied");
    }
    failures.delete(attempt);
    // A new session id at each sign-in: the one the browser had (another user's, or an old one) ends here.
    const previous = request.cookies[SESSION_COOKIE];
    if (previous) await ctx.sessions.destroy(previous);
    const session = await ctx.sessions.create(row.id, login, db);
    reply.setCookie(SESSION_COOKIE, session.id, { httpOnly: true, sameSite: "lax", path: "/", maxAge: SESSION_LIFETIME / 1000 });
    ctx.logger.info(`Login successful for db:${db} login:${login}`);
    return sessionInfo((await loadUser(ctx, row.id))!);
  });

  jsonRoute(app, "/web/session/get_session_info", ctx.logger, async (_params, request) => {
    return sessionInfo((await requireUser(ctx, request)).user);
  });

  jsonRoute(app, "/web/session/destroy", ctx.logger, async (_params, request, reply) => {
    const session = await sessionOf(ctx, request);
    if (session) await ctx.sessions.destroy(session.id);
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return null;
  });
}
