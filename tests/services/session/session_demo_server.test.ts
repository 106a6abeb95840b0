/**
 * The session and user services against the demo server (an Odoo 17 dialect): its session cookie,
 * its groups, its refusal of a wrong password and of a call after logout.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Env } from "../../../src/env";
import { notificationService } from "../../../src/services/notification/notification_service";
import { ormService } from "../../../src/services/orm/orm_service";
import { RPCError } from "../../../src/services/rpc/errors";
import { getConnectionMonitor, rpcService } from "../../../src/services/rpc/rpc_service";
import { sessionService } from "../../../src/services/session/session_service";
import { userService } from "../../../src/services/session/user_service";
import type { DemoServer } from "../../../demo/server/server";
import { START_TIMEOUT, startTestServer } from "../../demo/server/demo_server_helpers";
import { makeServiceRegistry, makeTestEnv, setPageURL } from "../../helpers";

let server: DemoServer;
let env: Env;

beforeAll(async () => {
  server = await startTestServer();
  setPageURL(`${server.url}/odoo`);
  env = await makeTestEnv(
    { rpc: { shareConnectionState: false }, session: { db: "demo" } },
    makeServiceRegistry({ notification: notificationService, rpc: rpcService, orm: ormService, session: sessionService, user: userService }),
  );
}, START_TIMEOUT);

afterAll(async () => {
  getConnectionMonitor(env?.services.rpc)?.dispose();
  await server?.close();
}, START_TIMEOUT);

describe("session and user on the demo server", () => {
  test("signs in, reads the user's groups and context, calls as that user, and after logout is refused", async () => {
    const { session, user, orm } = env.services;
    const wrong = await session.authenticate({ login: "sales", password: "nope" }).catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(RPCError);
    expect((wrong as RPCError).data?.name).toBe("odoo.exceptions.AccessDenied");
    expect(await session.refresh()).toBeNull();

    await session.authenticate({ login: "sales", password: "sales" });
    expect({ userId: user.userId, login: user.login, db: user.db, context: user.context }).toEqual({
      userId: expect.any(Number),
      login: "sales",
      db: "demo",
      context: { lang: expect.any(String), tz: expect.any(String), uid: user.userId },
    });
    expect(await user.hasGroup("sales_team.group_sale_salesman")).toBe(true);
    expect(await user.hasGroup("sales_team.group_sale_manager")).toBe(false);
    // The record rule of the signed-in salesperson: only their own orders.
    const orders = await orm.call<{ user_id: [number, string] }[]>("sale.order", "search_read", [], { fields: ["user_id"], limit: 20 });
    expect(new Set(orders.map((order) => order.user_id[0]))).toEqual(new Set([user.userId]));

    await session.logout();
    expect(session.info).toBeNull();
    await expect(orm.searchCount("sale.order", [])).rejects.toMatchObject({ category: "session" });
  });
});
