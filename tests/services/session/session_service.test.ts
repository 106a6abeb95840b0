import { IDBFactory } from "fake-indexeddb";
import { describe, expect, onTestFinished, test, vi } from "vitest";
import { browser } from "../../../src/browser";
import { DiskStore } from "../../../src/services/rpc/reads/disk_store";
import { getReadCache } from "../../../src/services/rpc/rpc_service";
import { ormService } from "../../../src/services/orm/orm_service";
import { SessionArgumentError, sessionService, signInGateOf } from "../../../src/services/session/session_service";
import { userService } from "../../../src/services/session/user_service";
import { ConnectionAbortedError, RPCError } from "../../../src/services/rpc/errors";
import type { Config } from "../../../src/env";
import type { Reply } from "../../helpers";
import { setupRPC } from "../rpc/rpc_helpers";

const USERS: Record<string, { uid: number; name: string }> = { admin: { uid: 2, name: "Mitchell Admin" }, demo: { uid: 6, name: "Marc Demo" } };
const EXPIRED: Reply = { error: { code: 100, message: "Odoo Session Expired", data: { name: "odoo.http.SessionExpiredException", message: "Session expired" } } };

/** A server that answers as Odoo's session routes do: one browser's session, its user by login. */
async function setup(config: Config = {}) {
  let user: { uid: number; name: string; login: string } | null = null;
  const info = () => ({ uid: user!.uid, name: user!.name, username: user!.login, db: "prod", user_context: { lang: "en_US", tz: "Europe/Brussels", uid: user!.uid } });
  const signedIn = (answer: () => unknown): Reply => (user ? { result: answer() } : EXPIRED);
  const context = await setupRPC(
    {
      "/web/session/authenticate": ({ login, password }) => {
        const known = typeof login === "string" ? USERS[login] : undefined;
        if (!known || password !== login) return { error: { code: 200, message: "Odoo Server Error", data: { name: "odoo.exceptions.AccessDenied", message: "Access Denied" } } };
        user = { ...known, login: login as string };
        return { result: info() };
      },
      "/web/session/get_session_info": () => signedIn(info),
      "/web/session/destroy": () => {
        user = null;
        return { result: null };
      },
      "/web/dataset/call_kw/res.partner/search_read": () => signedIn(() => [{ id: 1, name: `seen by ${user!.login}` }]),
      "/web/dataset/call_kw/res.partner/create": () => signedIn(() => 7),
      "/web/dataset/call_kw/res.users/has_group": () => signedIn(() => user!.login === "admin"),
    },
    { session: { db: "prod" }, ...config },
    { orm: ormService, session: sessionService, user: userService },
  );
  return { ...context, expire: () => (user = null) };
}

describe("the session and user services", () => {
  test("authenticate signs in to config.session.db, and the user service reads the session info", async () => {
    const { env, server } = await setup();
    const { session, user } = env.services;
    const changes: unknown[] = [];
    const announced: unknown[] = [];
    session.subscribe((info) => changes.push(info));
    session.bus.addEventListener("CHANGED", (event) => announced.push((event as CustomEvent).detail));
    expect([session.info, user.userId]).toEqual([null, false]);
    await session.authenticate({ login: "admin", password: "admin" });
    expect(server.requestsTo("/web/session/authenticate")[0]!.json!.params).toEqual({ db: "prod", login: "admin", password: "admin" });
    expect({ userId: user.userId, name: user.name, login: user.login, db: user.db, context: user.context }).toEqual({
      userId: 2,
      name: "Mitchell Admin",
      login: "admin",
      db: "prod",
      context: { lang: "en_US", tz: "Europe/Brussels", uid: 2 },
    });
    expect(changes).toEqual([session.info]);
    // Apps hear the same change on the session's bus (API.md).
    expect(announced).toEqual([session.info]);
  });

  test("refuses bad credentials' shape before sending anything, and keeps nothing on a wrong password", async () => {
    const { env, server } = await setup();
    const { session } = env.services;
    await expect(session.authenticate({ login: "", password: "x" })).rejects.toThrow(new SessionArgumentError("authenticate", 'login must be a non-empty string, got ""'));
    await expect(session.authenticate({ login: "admin" } as never)).rejects.toThrow("session.authenticate: password must be a string, got undefined; nothing was sent");
    expect(server.requestsTo("/web/session/authenticate")).toHaveLength(0);
    const refused = await session.authenticate({ login: "admin", password: "wrong" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RPCError);
    expect((refused as RPCError).userMessage).toBe("Access Denied");
    expect(session.info).toBeNull();
  });

  test("refresh answers the session info, or null without an error when no one is signed in", async () => {
    const { env } = await setup();
    const { session } = env.services;
    expect(await session.refresh()).toBeNull();
    await session.authenticate({ login: "demo", password: "demo" });
    expect((await session.refresh())?.uid).toBe(6);
  });

  test("the orm's context is the user's, under config.orm.context, under the call's own", async () => {
    const { env, server } = await setup({ orm: { context: { tz: "UTC", allowed_company_ids: [1] } } });
    await env.services.session.authenticate({ login: "admin", password: "admin" });
    await env.services.orm.searchRead("res.partner", [], ["name"], { context: { lang: "fr_FR" } });
    const kwargs = server.requestsTo("/web/dataset/call_kw/res.partner/search_read")[0]!.json!.params!.kwargs as { context: unknown };
    expect(kwargs.context).toEqual({ lang: "fr_FR", tz: "UTC", uid: 2, allowed_company_ids: [1] });
  });

  test("hasGroup asks the server once per user and group", async () => {
    const { env, server } = await setup();
    const { session, user } = env.services;
    expect(await user.hasGroup("sales_team.group_sale_manager")).toBe(false); // signed out: nothing asked
    await session.authenticate({ login: "admin", password: "admin" });
    expect(await Promise.all([user.hasGroup("sales_team.group_sale_manager"), user.hasGroup("sales_team.group_sale_manager")])).toEqual([true, true]);
    expect(await user.hasGroup("sales_team.group_sale_manager")).toBe(true);
    expect(server.requestsTo("/web/dataset/call_kw/res.users/has_group")).toHaveLength(1);
    await session.authenticate({ login: "demo", password: "demo" });
    expect(await user.hasGroup("sales_team.group_sale_manager")).toBe(false);
    expect(server.requestsTo("/web/dataset/call_kw/res.users/has_group")).toHaveLength(2);
    await expect(user.hasGroup("manager")).rejects.toThrow('user.hasGroup: group must be an external id such as "base.group_user", got "manager"; nothing was sent');
  });

  test("cached reads are each user's own, and logout drops the user's", async () => {
    const { env, server } = await setup();
    const { session, orm } = env.services;
    const read = () => orm.cache().searchRead("res.partner", [], ["name"]);
    await session.authenticate({ login: "admin", password: "admin" });
    expect(await read()).toEqual([{ id: 1, name: "seen by admin" }]);
    expect(await read()).toEqual([{ id: 1, name: "seen by admin" }]);
    expect(server.requestsTo("/web/dataset/call_kw/res.partner/search_read")).toHaveLength(1);
    await session.authenticate({ login: "demo", password: "demo" });
    expect(await read()).toEqual([{ id: 1, name: "seen by demo" }]);
    await session.logout();
    expect(session.info).toBeNull();
    expect(server.requestsTo("/web/session/destroy")).toHaveLength(1);
    await session.authenticate({ login: "demo", password: "demo" });
    await read();
    // demo's answer was dropped at logout: asked again; admin's is still kept.
    expect(server.requestsTo("/web/dataset/call_kw/res.partner/search_read")).toHaveLength(3);
    await session.authenticate({ login: "admin", password: "admin" });
    await read();
    expect(server.requestsTo("/web/dataset/call_kw/res.partner/search_read")).toHaveLength(3);
  });
});

test("logout drops the user's answers kept on disk, and leaves another user's", async () => {
  const factory = new IDBFactory();
  vi.spyOn(browser, "indexedDB", "get").mockReturnValue(factory);
  const put = vi.spyOn(DiskStore.prototype, "put");
  const { env, rpc } = await setup();
  onTestFinished(() => getReadCache(rpc)?.close());
  const { session, orm } = env.services;
  const read = () => orm.cache({ type: "disk" }).searchRead("res.partner", [], ["name"]);
  for (const login of ["admin", "demo"]) {
    await session.authenticate({ login, password: login });
    await read();
  }
  await vi.waitFor(() => expect(put.mock.results).toHaveLength(2));
  await Promise.all(put.mock.results.map((result) => result.value));
  const entries = () =>
    new Promise<number>((resolve, reject) => {
      const open = factory.open("owl-services-cache");
      open.onsuccess = () => {
        const count = open.result.transaction("entries").objectStore("entries").count();
        count.onsuccess = () => {
          open.result.close();
          resolve(count.result);
        };
      };
      open.onerror = () => reject(open.error);
    });
  expect(await entries()).toBe(2);
  await session.logout();
  expect(await entries()).toBe(1);
});

describe("calls refused for an expired session, with the sign-in dialog on screen", () => {
  test("a read and a keyed write wait for the sign-in, then are sent again (the write with its key) and answered", async () => {
    const { env, server, expire } = await setup();
    const { session, orm } = env.services;
    await session.authenticate({ login: "admin", password: "admin" });
    const gate = signInGateOf(session)!;
    gate.attach();
    expire();
    const read = orm.searchRead("res.partner", [], ["name"]);
    const write = orm.create("res.partner", [{ name: "Kept" }]);
    await expect.poll(() => gate.state.waiting).toBe(2);
    expect(gate.state).toMatchObject({ open: true, login: "admin" });
    await session.authenticate({ login: "admin", password: "admin" });
    expect(await read).toEqual([{ id: 1, name: "seen by admin" }]);
    expect(await write).toBe(7);
    const creates = server.requestsTo("/web/dataset/call_kw/res.partner/create");
    expect(creates).toHaveLength(2);
    expect(creates[1]!.headers["idempotency-key"]).toBe(creates[0]!.headers["idempotency-key"]);
    expect(gate.state.open).toBe(false);
  });

  test("signed in as someone else, the waiting calls end as aborted and nothing is sent again", async () => {
    const { env, server, expire } = await setup();
    const { session, orm } = env.services;
    await session.authenticate({ login: "admin", password: "admin" });
    signInGateOf(session)!.attach();
    expire();
    const read = orm.searchRead("res.partner", [], ["name"]);
    await expect.poll(() => signInGateOf(session)!.state.waiting).toBe(1);
    await session.authenticate({ login: "demo", password: "demo" });
    await expect(read).rejects.toBeInstanceOf(ConnectionAbortedError);
    expect(server.requestsTo("/web/dataset/call_kw/res.partner/search_read")).toHaveLength(1);
  });

  test("dismissed, they fail with the session error; an unkeyed write, and any call without a dialog or with dialog: false, fails at once", async () => {
    const { env, rpc, expire } = await setup();
    const { session, orm } = env.services;
    await session.authenticate({ login: "admin", password: "admin" });
    expire();
    await expect(orm.searchRead("res.partner", [], ["name"])).rejects.toMatchObject({ category: "session" }); // no dialog on screen
    const detach = signInGateOf(session)!.attach();
    await expect(rpc("/web/dataset/call_kw/res.partner/create", { model: "res.partner", method: "create", args: [{}], kwargs: {} })).rejects.toMatchObject({ category: "session" });
    const read = orm.searchRead("res.partner", [], ["name"]);
    await expect.poll(() => signInGateOf(session)!.state.waiting).toBe(1);
    signInGateOf(session)!.dismiss();
    await expect(read).rejects.toMatchObject({ category: "session" });
    detach();
    const off = await setup({ session: { db: "prod", dialog: false } });
    expect(signInGateOf(off.env.services.session)).toBeUndefined();
    await expect(off.env.services.orm.searchRead("res.partner", [], ["name"])).rejects.toMatchObject({ category: "session" });
  });
});
