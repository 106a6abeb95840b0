// @vitest-environment node
import bcrypt from "bcryptjs";
import { describe, expect, test, vi } from "vitest";
import { unknownLoginHash } from "../../../../demo/server/models/res_users_login";
import { BODY_LIMIT } from "../../../../demo/server/http/app";
import { OdooClient, signedIn, useDemoServer } from "../demo_server_helpers";

const log: string[] = [];
const ctx = useDemoServer({ log: { info: (line) => log.push(line), warn: (line) => log.push(line), error: () => undefined } });

describe("the demo server's session routes", () => {
  test("answers /web/health for load balancers", async () => {
    const reply = await fetch(`${ctx.server.url}/web/health`);
    expect(await reply.json()).toEqual({ status: "pass" });
  });

  test("answers /web/webclient/version_info without a session, as Odoo 17", async () => {
    const reply = await new OdooClient(ctx.server.url).post("/web/webclient/version_info");
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ jsonrpc: "2.0", id: 1, result: { server_version: "17.0", server_version_info: [17, 0, 0, "final", 0, ""], protocol_version: 1 } });
  });

  test("authenticates with an HttpOnly, SameSite session_id cookie and returns session info", async () => {
    const client = new OdooClient(ctx.server.url);
    const reply = await client.post("/web/session/authenticate", { db: "demo", login: "admin", password: "admin" });
    const cookie = reply.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^session_id=[\w-]{30,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(reply.body.result).toMatchObject({
      uid: 1,
      name: "Mitchell Admin",
      username: "admin",
      is_admin: true,
      db: "demo",
      user_context: { lang: "en_US", tz: "Europe/Brussels", uid: 1 },
    });
    const info = await client.post("/web/session/get_session_info");
    expect(info.body.result).toMatchObject({ uid: 1, username: "admin" });
  });

  test("refuses a wrong password with AccessDenied and sets no cookie", async () => {
    const client = new OdooClient(ctx.server.url);
    const reply = await client.post("/web/session/authenticate", { db: "demo", login: "admin", password: "nope" });
    expect(reply.status).toBe(200);
    expect(reply.headers.get("set-cookie")).toBeNull();
    expect(reply.body.error).toMatchObject({ code: 200, message: "Odoo Server Error", data: { name: "odoo.exceptions.AccessDenied", message: "Access Denied" } });
    expect(reply.body.error!.data.debug).toMatch(/^Traceback \(most recent call last\):\n/);
  });

  test("refuses an unknown login like a wrong password, an unknown database and missing credentials with their own message", async () => {
    const client = new OdooClient(ctx.server.url);
    expect((await client.post("/web/session/authenticate", { db: "demo", login: "ghost", password: "x" })).body.error!.data.name).toBe("odoo.exceptions.AccessDenied");
    expect((await client.post("/web/session/authenticate", { db: "prod", login: "admin", password: "admin" })).body.error!.data).toMatchObject({
      name: "odoo.exceptions.AccessError",
      message: 'Database not found: "prod" (this server has "demo").',
    });
    expect((await client.post("/web/session/authenticate", { db: "demo", login: "admin" })).body.error!.data.message).toBe(
      "/web/session/authenticate: password must be a string",
    );
  });

  test("answers a call without a session with SessionExpiredException, code 100", async () => {
    const reply = await new OdooClient(ctx.server.url).post("/web/dataset/call_kw/sale.order/search_count", { model: "sale.order", method: "search_count", args: [[]], kwargs: {} });
    expect(reply.body.error).toMatchObject({ code: 100, message: "Odoo Session Expired", data: { name: "odoo.http.SessionExpiredException", message: "Session expired" } });
  });

  test("ends the session on /web/session/destroy and on the demo's expire switch", async () => {
    const client = await signedIn(ctx.server, "sales");
    expect((await client.post("/web/session/destroy")).body.result).toBeNull();
    expect((await client.post("/web/session/get_session_info")).body.error!.code).toBe(100);

    const other = await signedIn(ctx.server, "sales");
    expect(await other.call("sale.order", "search_count", [[]])).toBeGreaterThan(0);
    expect((await other.post("/demo/session/expire")).body.result).toBe(true);
    expect((await other.post("/web/dataset/call_kw", { model: "sale.order", method: "search_count", args: [[]] })).body.error!.data.name).toBe(
      "odoo.http.SessionExpiredException",
    );
  });

  test("ignores a forged session cookie", async () => {
    const client = new OdooClient(ctx.server.url);
    client.cookie = "session_id=forged-value-that-was-never-issued-by-the-server";
    expect((await client.post("/web/session/get_session_info")).body.error!.code).toBe(100);
  });
});

describe("the demo server's JSON-RPC envelope", () => {
  test("an unknown login is refused after the same bcrypt work as a wrong password (a real hash of the users' cost), so timing tells nothing", async () => {
    const { rows } = await ctx.server.db.query<{ password: string }>("SELECT password FROM res_users WHERE login = 'admin'");
    expect(bcrypt.getRounds(unknownLoginHash())).toBe(bcrypt.getRounds(rows[0]!.password));
    const compare = vi.spyOn(bcrypt, "compare");
    const client = new OdooClient(ctx.server.url);
    expect((await client.post("/web/session/authenticate", { db: "demo", login: "nobody-here", password: "x" })).body.error!.data.name).toBe("odoo.exceptions.AccessDenied");
    expect(compare).toHaveBeenCalledWith("x", unknownLoginHash());
    compare.mockRestore();
  });

  test("a NUL character in a login or a domain value is a ValueError naming where, not a database error", async () => {
    const client = new OdooClient(ctx.server.url);
    const login = await client.post("/web/session/authenticate", { db: "demo", login: "adm\u0000in", password: "admin" });
    expect(login.body.error!.data).toMatchObject({ name: "builtins.ValueError", message: "params.login contains a NUL character (\\x00), which a text value cannot hold" });
    const search = await ctx.admin.fail("res.partner", "search", [[["name", "ilike", "a\u0000b"]]]);
    expect(search.data.message).toBe("params.args[0][0][2] contains a NUL character (\\x00), which a text value cannot hold");
    expect(search.data.debug).not.toContain("wasm://");
  });

  test("a URL that cannot be decoded gets a JSON-RPC error saying why", async () => {
    const reply = await fetch(`${ctx.server.url}/web/dataset/call_kw/res.partner/%zz`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(reply.status).toBe(400);
    const body = (await reply.json()) as { jsonrpc: string; error: { data: { name: string; message: string } } };
    expect(body.jsonrpc).toBe("2.0");
    expect(body.error.data.message).toBe('Invalid request: the URL "/web/dataset/call_kw/res.partner/%zz" cannot be decoded (a "%" must start an escape such as %20)');
  });

  test("answers call_kw on both routes, the path suffix being only for logs", async () => {
    const client = await signedIn(ctx.server, "admin");
    const params = { model: "res.partner", method: "search_count", args: [[["is_company", "=", true]]], kwargs: {} };
    const plain = await client.post("/web/dataset/call_kw", params);
    const suffixed = await client.post("/web/dataset/call_kw/anything/else", params);
    expect(plain.body.result).toBeGreaterThan(50);
    expect(suffixed.body.result).toBe(plain.body.result);
  });

  test("answers an unknown JSON route with Odoo's 404 error (code 404, werkzeug NotFound) and a page request with an HTML 404", async () => {
    const client = await signedIn(ctx.server, "admin");
    const reply = await client.post("/web/nothing/here");
    expect(reply.status).toBe(200);
    expect(reply.body.error).toMatchObject({ code: 404, message: "404: Not Found", data: { name: "werkzeug.exceptions.NotFound" } });
    expect(reply.body.error!.data.message).toContain("/web/nothing/here");
    const page = await fetch(`${ctx.server.url}/web/nothing/here`);
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
  });

  test("refuses a body that is not JSON-RPC, naming what is wrong", async () => {
    const client = await signedIn(ctx.server, "admin");
    const notJson = await client.post("/web/dataset/call_kw", undefined, { body: "{not json" });
    expect(notJson.body.error!.data).toMatchObject({ name: "werkzeug.exceptions.BadRequest" });
    expect(notJson.body.error!.data.message).toMatch(/^Invalid JSON-RPC request to \/web\/dataset\/call_kw: /);
    const badParams = await client.post("/web/dataset/call_kw", undefined, { body: JSON.stringify({ jsonrpc: "2.0", method: "call", params: [1], id: 4 }) });
    expect(badParams.body).toMatchObject({ id: 4, error: { data: { name: "werkzeug.exceptions.BadRequest", message: "Invalid JSON-RPC request: params: params must be a dictionary" } } });
  });

  test("refuses a body over the limit with HTTP 413 and a JSON-RPC error", async () => {
    const client = await signedIn(ctx.server, "admin");
    const reply = await client.post("/web/dataset/call_kw", { model: "res.partner", method: "search_count", args: [[["name", "=", "x".repeat(BODY_LIMIT)]]] });
    expect(reply.status).toBe(413);
    expect(reply.body.error!.data.message).toContain(`larger than ${BODY_LIMIT} bytes`);
  });

  /** The version, or undefined while the client still holds a connection the outage closed (as a browser would, it then opens a new one). */
  const versionAfterOutage = (client: OdooClient) => client.post("/web/webclient/version_info").then((reply) => reply.body.result, () => undefined);

  test("stops listening during an outage, and answers again once it is ended", async () => {
    const client = await signedIn(ctx.server, "admin");
    expect((await client.post("/demo/outage", { seconds: 60 })).body.result).toEqual({ seconds: 60 });
    await expect.poll(() => ctx.server.down).toBe(true);
    await expect(fetch(`${ctx.server.url}/web/webclient/version_info`, { method: "POST" })).rejects.toThrow();
    await ctx.server.endOutage();
    expect(ctx.server.down).toBe(false);
    await expect.poll(() => versionAfterOutage(client)).toMatchObject({ server_version: "17.0" });
  });

  test("ends an outage by itself when its seconds are over", async () => {
    const client = await signedIn(ctx.server, "admin");
    const from = log.length;
    expect((await client.post("/demo/outage", { seconds: 0.2 })).body.result).toEqual({ seconds: 0.2 });
    // Waits for the server's own word that it listens again, however late a loaded machine runs the timer.
    await expect.poll(() => log.slice(from).some((line) => line.startsWith("Outage over")), { timeout: 30_000 }).toBe(true);
    expect(log.slice(from).find((line) => line.startsWith("Outage switch"))).toBe("Outage switch: not listening for 0.2 s");
    expect(ctx.server.down).toBe(false);
    await expect.poll(() => versionAfterOutage(client)).toMatchObject({ server_version: "17.0" });
  });

  test("refuses an outage length out of range", async () => {
    const client = await signedIn(ctx.server, "admin");
    expect((await client.post("/demo/outage", { seconds: 0 })).body.error!.data.message).toMatch(/seconds must be a number in \(0, 120\], got 0/);
    expect((await client.post("/demo/outage", { seconds: "10" })).body.error!.data.name).toBe("builtins.ValueError");
  });

  test("serves the carrier API: 201 with a tracking reference for a full address, 422 naming the missing field, 401 without the key", async () => {
    const post = (body: unknown, key = "demo-carrier-key") =>
      fetch(`${ctx.server.url}/carrier/v1/shipments`, { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
    const recipient = { name: "Azure Interior", city: "Fremont", zip: "94538", country: "US" };
    const ok = await post({ reference: "S1", recipient });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toEqual({ tracking_ref: expect.stringMatching(/^CX[0-9A-F]{10}$/) });
    const missing = await post({ reference: "S1", recipient: { ...recipient, zip: null } });
    expect(missing.status).toBe(422);
    expect(await missing.json()).toEqual({ error: "recipient.zip is required" });
    expect((await post({ reference: "S1", recipient }, "wrong")).status).toBe(401);
  });
});
