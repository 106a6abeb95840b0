import { describe, expect, test, vi } from "vitest";
import { browser } from "../../../src/browser";
import { getNotificationStore } from "../../../src/services/notification/notification_service";
import { categorizeRPCError, ConnectionLostError, InvalidResponseError, RPCError } from "../../../src/services/rpc/errors";
import { getConnectionMonitor } from "../../../src/services/rpc/rpc_service";
import { setupRPC } from "./rpc_helpers";

const odooError = (name: string, message: string, code = 200) => ({
  error: { code, message: "Odoo Server Error", data: { name, message, debug: `Traceback (most recent call last):\n  raise ${name}`, arguments: [message] } },
});

describe("rpc server errors", () => {
  test("rejects with RPCError carrying code, message, data, exceptionName and subType, and triggers RPC_ERROR", async () => {
    const { rpc, named } = await setupRPC({
      "/web/dataset/call_kw/res.partner/write": () => ({
        error: { code: 200, message: "Odoo Server Error", type: "server_exception", data: { name: "odoo.exceptions.AccessError", message: "You are not allowed to modify 'Contact' (res.partner) records.", debug: "Traceback…" } },
      }),
    });
    const error = (await rpc("/web/dataset/call_kw/res.partner/write", { args: [[7], { name: "X" }] }).catch((e: unknown) => e)) as RPCError;
    expect(error).toBeInstanceOf(RPCError);
    expect(error).toMatchObject({
      name: "RPC_ERROR",
      type: "server",
      code: 200,
      message: "Odoo Server Error",
      exceptionName: "odoo.exceptions.AccessError",
      subType: "server_exception",
      category: "access",
      route: "/web/dataset/call_kw/res.partner/write",
    });
    expect(error.userMessage).toBe("You are not allowed to modify 'Contact' (res.partner) records.");
    expect(named("RPC_ERROR")).toEqual([
      { type: "server", message: "Odoo Server Error", code: 200, name: "odoo.exceptions.AccessError", subType: "server_exception", data: error.data },
    ]);
    expect(named("RPC:RESPONSE")[0]).toMatchObject({ outcome: "error", error });
  });

  test.each([
    ["odoo.exceptions.AccessError", "access"],
    ["odoo.exceptions.AccessDenied", "access"],
    ["odoo.exceptions.UserError", "user"],
    ["odoo.exceptions.RedirectWarning", "user"],
    ["odoo.exceptions.ValidationError", "validation"],
    ["odoo.exceptions.MissingError", "missing"],
    ["psycopg2.IntegrityError", "constraint"],
    ["psycopg2.errors.UniqueViolation", "constraint"],
    ["psycopg2.errors.ForeignKeyViolation", "constraint"],
    ["psycopg2.errors.NotNullViolation", "constraint"],
    ["psycopg2.errors.CheckViolation", "constraint"],
    ["odoo.http.SessionExpiredException", "session"],
    ["werkzeug.exceptions.NotFound", "method"],
    ["builtins.ValueError", "server"],
    ["builtins.AttributeError", "server"],
  ])("classifies %s as %s", async (name, category) => {
    const { rpc } = await setupRPC({ "/x": () => odooError(name, "why") });
    await expect(rpc("/x")).rejects.toMatchObject({ category, exceptionName: name });
  });

  test("classifies Odoo's ValidationError wrapping a PostgreSQL integrity error as constraint", async () => {
    const debug =
      'Traceback (most recent call last):\n  File "odoo/service/model.py"\npsycopg2.errors.UniqueViolation: duplicate key value violates unique constraint "sale_order_name_uniq"\n\n' +
      "The above exception was the direct cause of the following exception:\n\nodoo.exceptions.ValidationError: The operation cannot be completed: Order Reference must be unique!\n";
    const { rpc } = await setupRPC({
      "/x": () => ({ error: { code: 200, message: "Odoo Server Error", data: { name: "odoo.exceptions.ValidationError", message: "The operation cannot be completed: Order Reference must be unique!", debug } } }),
    });
    await expect(rpc("/x")).rejects.toMatchObject({ category: "constraint", exceptionName: "odoo.exceptions.ValidationError" });
    expect(categorizeRPCError("odoo.exceptions.ValidationError", 200, { debug: "raise ValidationError('Dates overlap')" })).toBe("validation");
    expect(categorizeRPCError("odoo.exceptions.ValidationError", 200, { debug: "psycopg2.IntegrityError: null value in column" })).toBe("constraint");
  });

  test("classifies the AttributeError of a method the model does not have as method, other AttributeErrors as server", async () => {
    const { rpc } = await setupRPC({
      "/x": () => odooError("builtins.AttributeError", "The method 'action_archive_all' does not exist on the model 'sale.order'"),
    });
    await expect(rpc("/x")).rejects.toMatchObject({ category: "method" });
    expect(categorizeRPCError("builtins.AttributeError", 200, { message: "'NoneType' object has no attribute 'id'" })).toBe("server");
  });

  test("still makes a server RPCError of a data.name that is not a string or names an Object member", async () => {
    const names: unknown[] = [42, null, { name: "x" }, ["odoo.exceptions.AccessError"], "x.__proto__", "x.constructor", "x.toString"];
    const { rpc } = await setupRPC(Object.fromEntries(names.map((name, i) => [`/n${i}`, () => ({ error: { code: 200, message: "Odoo Server Error", data: { name, message: "m" } } })])));
    for (const [i, name] of names.entries()) {
      const error = (await rpc(`/n${i}`).catch((e: unknown) => e)) as RPCError;
      expect(error).toBeInstanceOf(RPCError);
      expect(error.category).toBe("server");
      expect(error.exceptionName).toBe(typeof name === "string" ? name : undefined);
    }
  });

  test("looks exception names up by own key only", () => {
    for (const name of ["x.constructor", "x.__proto__", "x.toString"]) expect(categorizeRPCError(name, 200)).toBe("server");
  });

  test("classifies code 100 as session and code 404 as method, whatever the name", async () => {
    const { rpc } = await setupRPC({
      "/expired": () => ({ error: { code: 100, message: "Odoo Session Expired", data: { name: "x.Other", message: "" } } }),
      "/missing": () => ({ error: { code: 404, message: "404: Not Found" } }),
    });
    await expect(rpc("/expired")).rejects.toMatchObject({ category: "session", code: 100 });
    await expect(rpc("/missing")).rejects.toMatchObject({ category: "method", code: 404, data: undefined });
  });

  test("treats a JSON-RPC error envelope as an RPCError whatever the HTTP status", async () => {
    const { rpc } = await setupRPC({
      "/x": () => ({ raw: { status: 500, contentType: "application/json", body: JSON.stringify({ jsonrpc: "2.0", id: 1, error: { code: 200, message: "boom", data: { name: "builtins.KeyError", message: "k" } } }) } }),
    });
    await expect(rpc("/x")).rejects.toMatchObject({ name: "RPC_ERROR", category: "server", userMessage: "k" });
  });
});

describe("rpc malformed replies", () => {
  test.each([
    ["an HTML error page", { status: 500, contentType: "text/html; charset=utf-8", body: "<html><h1>Internal Server Error</h1></html>" }, "rpc /x: HTTP 500 text/html (not a JSON-RPC reply)"],
    ["truncated JSON", { status: 200, contentType: "application/json", body: '{"jsonrpc":"2.0","id":1,"res' }, "rpc /x: HTTP 200 application/json (truncated or malformed JSON)"],
    ["an envelope with neither result nor error", { status: 200, contentType: "application/json", body: '{"jsonrpc":"2.0","id":1}' }, "rpc /x: HTTP 200 application/json (envelope with neither result nor error)"],
    ["a reply to another call", { status: 200, contentType: "application/json", body: '{"jsonrpc":"2.0","id":99,"result":1}' }, "rpc /x: HTTP 200 application/json (reply id 99 does not match request id 1)"],
    ["an empty body", { status: 200, contentType: "", body: "" }, "rpc /x: HTTP 200 (no content type) (empty body, not a JSON-RPC reply)"],
    ["JSON that is no envelope", { status: 200, contentType: "application/json", body: "[1,2]" }, "rpc /x: HTTP 200 application/json (JSON that is not a JSON-RPC envelope)"],
  ])("rejects %s with InvalidResponseError naming route, status and content type", async (_what, raw, message) => {
    const { rpc, named, server } = await setupRPC({ "/x": () => ({ raw }) });
    const error = (await rpc("/x").catch((e: unknown) => e)) as InvalidResponseError;
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).not.toBeInstanceOf(RPCError);
    expect(error).not.toBeInstanceOf(ConnectionLostError);
    expect(error.message).toBe(message);
    expect(error.status).toBe(raw.status);
    expect(error.bodyExcerpt).toBe(raw.body.slice(0, 200));
    expect(named("RPC_ERROR")).toEqual([]);
    expect(named("RPC:RESPONSE")[0]).toMatchObject({ outcome: "invalid" });
    // No connection loss: the monitor, which would be lost from the call's end on, is online, and nothing polled.
    expect(getConnectionMonitor(rpc)!.state).toBe("online");
    expect(server.requestsTo("/web/webclient/version_info")).toEqual([]);
  });
});

describe("rpc requests the browser refuses", () => {
  test("a URL that XMLHttpRequest.open refuses rejects with a TypeError naming it: no lost-connection notice, no polling, no RPC_ERROR", async () => {
    const { env, rpc, named, server } = await setupRPC();
    const open = vi.spyOn(browser.XMLHttpRequest.prototype, "open").mockImplementation(() => {
      throw new DOMException("Failed to parse URL from http://[bad", "SyntaxError");
    });
    const error = (await rpc("http://[bad/web/x").catch((e: unknown) => e)) as Error;
    expect(open).toHaveBeenCalled();
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(/^rpc http:\/\/\[bad\/web\/x: .*Failed to parse URL/);
    expect(error.cause).toBeInstanceOf(DOMException);
    expect(getConnectionMonitor(rpc)!.state).toBe("online");
    expect(getNotificationStore(env.services.notification)!.visible).toEqual([]);
    expect(named("RPC_ERROR")).toEqual([]);
    expect(named("RPC:RESPONSE").map((e) => e.outcome)).toEqual(["invalid"]);
    expect(server.requests).toEqual([]);
  });
});
