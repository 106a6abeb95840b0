// @vitest-environment node
/** Behind a configured proxy (Odoo's proxy_mode), a client is told apart by the address the proxy forwards, never by a header it sends itself. */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DemoServer } from "../../../../demo/server/server";
import { OdooClient, START_TIMEOUT, startTestServer, useDemoServer } from "../demo_server_helpers";

const direct = useDemoServer();
let proxied: DemoServer;
beforeAll(async () => {
  // As `npm start` runs it: the dev server's proxy on loopback is the one trusted hop.
  proxied = await startTestServer({ trustProxy: ["127.0.0.1"] });
}, START_TIMEOUT);
afterAll(() => proxied?.close(), START_TIMEOUT);

const COOLDOWN = "Too many login failures, please wait a bit before trying again.";

/** A sign-in as the proxy sends it: X-Forwarded-For ends with the address of the browser it serves. */
const signIn = (server: DemoServer, forwardedFor: string, password: string) =>
  new OdooClient(server.url).post("/web/session/authenticate", { db: "demo", login: "sales", password }, { headers: { "X-Forwarded-For": forwardedFor } });

describe("the client address behind a proxy", () => {
  test("one browser's failures behind the trusted proxy do not lock the login out for another browser", async () => {
    for (let i = 0; i < 5; i++) expect((await signIn(proxied, "203.0.113.7", "wrong")).body.error!.data.message).toBe("Access Denied");
    expect((await signIn(proxied, "203.0.113.7", "sales")).body.error!.data.message).toBe(COOLDOWN);
    expect((await signIn(proxied, "203.0.113.8", "sales")).body.result).toMatchObject({ username: "sales" });
    // An address the browser forged ahead of the proxy's own entry changes nothing.
    expect((await signIn(proxied, "203.0.113.8, 203.0.113.7", "sales")).body.error!.data.message).toBe(COOLDOWN);
  });

  test("without a configured proxy, X-Forwarded-For is not believed: forging it does not escape the cooldown", async () => {
    for (let i = 0; i < 5; i++) expect((await signIn(direct.server, `198.51.100.${i}`, "wrong")).body.error!.data.message).toBe("Access Denied");
    expect((await signIn(direct.server, "198.51.100.99", "sales")).body.error!.data.message).toBe(COOLDOWN);
  });
});
