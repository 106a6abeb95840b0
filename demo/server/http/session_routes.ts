/** /web/session/* and /web/webclient/version_info, answered as Odoo 17 answers them. */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { AccessError, PyValueError } from "../errors";
import type { User } from "../models/base/model";
import { checkCredentials, loadUser } from "../models/res_users_login";
import { DB_NAME, SERVER_VERSION_INFO, requireUser, sessionOf, type ServerContext } from "./context";
import { jsonRoute } from "./jsonrpc";
import { SESSION_COOKIE, SESSION_LIFETIME } from "../models/http_session";

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

export function sessionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  jsonRoute(app, "/web/webclient/version_info", ctx.logger, async () => versionInfo());

  jsonRoute(app, "/web/session/authenticate", ctx.logger, async (params, request, reply) => {
    const parsed = Credentials.safeParse(params);
    if (!parsed.success) throw new PyValueError(`/web/session/authenticate: ${parsed.error.issues[0]!.message}`);
    const { db, login, password } = parsed.data;
    if (db !== DB_NAME) throw new AccessError(`Database not found: "${db}" (this server has "${DB_NAME}").`);
    const uid = await checkCredentials(ctx.db, { source: request.ip, login, password });
    // A new session id at each sign-in: the one the browser had (another user's, or an old one) ends here.
    const previous = request.cookies[SESSION_COOKIE];
    if (previous) await ctx.sessions.destroy(previous);
    const session = await ctx.sessions.create(uid, login, db);
    reply.setCookie(SESSION_COOKIE, session.id, { httpOnly: true, sameSite: "lax", path: "/", maxAge: SESSION_LIFETIME / 1000 });
    ctx.logger.info(`Login successful for db:${db} login:${login}`);
    return sessionInfo((await loadUser(ctx.db, uid))!);
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
