// @vitest-environment node
/** Sessions in the demo server's database: they outlive a restart, rotate at sign-in and end at logout. */
import { describe, expect, test } from "vitest";
import { OdooClient, copySeeded, startTestServer, useDemoServer } from "../demo_server_helpers";

const ctx = useDemoServer();

const info = (client: OdooClient) => client.post<{ uid: number }>("/web/session/get_session_info");

describe("sessions", () => {
  test("a session outlives a restart of the server", async () => {
    const copy = await copySeeded("fixed");
    try {
      const first = await startTestServer({ dataDir: copy.dataDir });
      const client = new OdooClient(first.url);
      await client.login("admin").finally(() => first.close());
      const second = await startTestServer({ dataDir: copy.dataDir });
      try {
        const again = Object.assign(new OdooClient(second.url), { cookie: client.cookie });
        expect((await info(again)).body.result!.uid).toBe(1);
      } finally {
        await second.close();
      }
    } finally {
      await copy.remove();
    }
  });

  test("signing in gives a new session id and ends the one the browser had", async () => {
    const client = new OdooClient(ctx.server.url);
    await client.login("admin");
    const before = client.cookie;
    await client.login("sales");
    expect(client.cookie).not.toBe(before);
    expect((await info(client)).body.result!.uid).toBe(2);
    const old = Object.assign(new OdooClient(ctx.server.url), { cookie: before });
    expect((await info(old)).body.error!.code).toBe(100);
  });

  test("the database keeps a hash of each session id, not the id the cookie carries", async () => {
    const client = new OdooClient(ctx.server.url);
    await client.login("admin");
    const id = client.cookie.split("=")[1]!;
    const { rows } = await ctx.server.db.query<{ id_hash: string }>("SELECT id_hash FROM http_session");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.id_hash) && row.id_hash !== id)).toBe(true);
  });

  test("five failed sign-ins of a login put it on a cooldown, as Odoo 17 does, without holding back other logins", async () => {
    const client = new OdooClient(ctx.server.url);
    const attempt = (password: string) => client.post("/web/session/authenticate", { db: "demo", login: "cooldown-probe", password });
    for (let i = 0; i < 5; i++) expect((await attempt("wrong")).body.error!.data.message).toBe("Access Denied");
    expect((await attempt("wrong")).body.error!.data.message).toBe("Too many login failures, please wait a bit before trying again.");
    // Other logins are not held back by it.
    await client.login("admin");
    expect((await info(client)).body.result!.uid).toBe(1);
  });

  test("forty wrong passwords sent at once: five are compared (Access Denied), the others meet the cooldown", async () => {
    const client = new OdooClient(ctx.server.url);
    const replies = await Promise.all(Array.from({ length: 40 }, () => client.post("/web/session/authenticate", { db: "demo", login: "burst-probe", password: "wrong" })));
    const messages = replies.map((reply) => reply.body.error!.data.message);
    expect(messages.filter((message) => message === "Access Denied")).toHaveLength(5);
    expect(messages.filter((message) => message === "Too many login failures, please wait a bit before trying again.")).toHaveLength(35);
  });

  test("the right password, sent while five wrong ones are being compared, meets the cooldown", async () => {
    const client = new OdooClient(ctx.server.url);
    const attempt = (password: string) => client.post("/web/session/authenticate", { db: "demo", login: "sales", password });
    const wrong = Promise.all(Array.from({ length: 5 }, () => attempt("wrong")));
    // Once the five are counted (before their passwords are compared), the sixth attempt is one too many.
    await expect
      .poll(async () => (await ctx.server.db.query<{ failures: number }>("SELECT failures FROM res_users_login_failure WHERE login = 'sales'")).rows[0]?.failures, { timeout: 30_000 })
      .toBe(5);
    expect((await attempt("sales")).body.error!.data.message).toBe("Too many login failures, please wait a bit before trying again.");
    expect((await wrong).map((reply) => reply.body.error!.data.message)).toEqual(Array(5).fill("Access Denied"));
  });
});

