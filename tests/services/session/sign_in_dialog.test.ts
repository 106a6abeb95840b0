import { describe, expect, test } from "vitest";
import { ormService } from "../../../src/services/orm/orm_service";
import { serverErrorText } from "../../../src/services/error_display/error_display_service";
import { RPCError } from "../../../src/services/rpc/errors";
import { sessionService } from "../../../src/services/session/session_service";
import { SignInDialog } from "../../../src/services/session/sign_in_dialog";
import { userService } from "../../../src/services/session/user_service";
import type { Config, Env } from "../../../src/env";
import { makeTranslate } from "../../../src/translation";
import { mountWithServices, nextRender, type Reply } from "../../helpers";
import { setupRPC } from "../rpc/rpc_helpers";

const EXPIRED: Reply = { error: { code: 100, message: "Odoo Session Expired", data: { name: "odoo.http.SessionExpiredException", message: "Session expired" } } };

/** A server with one user (admin/admin, Mitchell Admin) on database "sales_db", and the sign-in dialog mounted. */
async function setup(config: Config = {}) {
  let signedIn = false;
  const info = () => ({ uid: 2, name: "Mitchell Admin", username: "admin", db: "sales_db", user_context: { uid: 2 } });
  const context = await setupRPC(
    {
      "/web/session/authenticate": ({ db, login, password }) => {
        if (db !== "sales_db" || login !== "admin" || password !== "admin") {
          return { error: { code: 200, message: "Odoo Server Error", data: { name: "odoo.exceptions.AccessDenied", message: "Access Denied" } } };
        }
        signedIn = true;
        return { result: info() };
      },
      "/web/dataset/call_kw/res.partner/search_read": () => (signedIn ? { result: [{ id: 1, name: "Azure" }] } : EXPIRED),
    },
    config,
    { orm: ormService, session: sessionService, user: userService },
  );
  const { target } = await mountWithServices(SignInDialog, context.env);
  const dialog = async () => {
    await expect.poll(() => target.querySelector("dialog")).not.toBeNull();
    await nextRender();
    const element = target.querySelector("dialog")!;
    const field = (name: string) => element.querySelector(`input[name=${name}]`) as HTMLInputElement;
    return {
      title: element.querySelector(".o_sign_in_title")!.textContent,
      explain: element.querySelector(".o_sign_in_explain")!.textContent,
      login: field("login").value,
      async submit(values: { login?: string; password: string }) {
        for (const [name, value] of Object.entries(values)) {
          field(name).value = value;
          field(name).dispatchEvent(new Event("input"));
        }
        element.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
        await nextRender();
      },
    };
  };
  return { ...context, target, dialog, expire: () => (signedIn = false) };
}

describe("the sign-in dialog", () => {
  test("signs the expired session's user in again, to its database, when the app signed in with authenticate({ db }) and has no config.session.db", async () => {
    const { env, server, target, dialog, expire } = await setup();
    await env.services.session.authenticate({ db: "sales_db", login: "admin", password: "admin" });
    expire();
    const read = env.services.orm.searchRead("res.partner", [], ["name"]);
    const shown = await dialog();
    expect(shown).toMatchObject({ title: "Sign in again", login: "admin" });
    await shown.submit({ password: "admin" });
    expect(target.querySelector(".o_sign_in_error")?.textContent ?? "").toBe("");
    expect(server.requestsTo("/web/session/authenticate")[1]!.json!.params).toEqual({ db: "sales_db", login: "admin", password: "admin" });
    expect(await read).toEqual([{ id: 1, name: "Azure" }]);
    expect(shown.explain).toContain("Mitchell Admin");
    await expect.poll(() => target.querySelector("dialog")).toBeNull();
  });

  test("uses the expired session's database over config.session.db", async () => {
    const { env, server, dialog, expire } = await setup({ session: { db: "other_db" } });
    await env.services.session.authenticate({ db: "sales_db", login: "admin", password: "admin" });
    expire();
    const read = env.services.orm.searchRead("res.partner", [], ["name"]);
    await (await dialog()).submit({ password: "admin" });
    await expect.poll(() => server.requestsTo("/web/session/authenticate")).toHaveLength(2);
    expect(server.requestsTo("/web/session/authenticate")[1]!.json!.params).toMatchObject({ db: "sales_db" });
    expect(await read).toEqual([{ id: 1, name: "Azure" }]);
  });

  test("says “Sign in”, not that a session ended, to someone who never signed in", async () => {
    const { env, dialog } = await setup({ session: { db: "sales_db" } });
    const read = env.services.orm.searchRead("res.partner", [], ["name"]);
    const shown = await dialog();
    expect(shown.title).toBe("Sign in");
    expect(shown.explain).not.toMatch(/again|ended|expired/i);
    expect(shown.login).toBe("");
    await shown.submit({ login: "admin", password: "admin" });
    expect(await read).toEqual([{ id: 1, name: "Azure" }]);
  });
});

test("after “Not now”, the Session Expired notification's text does not say again that the session expired", () => {
  const route = "/web/dataset/call_kw/res.partner/search_read";
  const error = new RPCError({ route, code: 100, message: "Odoo Session Expired", data: { name: "odoo.http.SessionExpiredException", message: "Session expired" } });
  const { title, message } = serverErrorText(makeTranslate({ config: {}, services: {} as Env["services"] }), error);
  expect(title).toBe("Session Expired");
  expect(message).not.toMatch(/expired/i);
  expect(message).toMatch(/sign in/i);
});
