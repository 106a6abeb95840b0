import { Component, xml } from "@odoo/owl";
import { afterEach, describe, expect, onTestFinished, test, vi } from "vitest";
import { startServices, stopServices } from "../../../src/env";
import { useService } from "../../../src/use_service";
import { browser } from "../../../src/browser";
import "../../../src/index";
import { errorDisplayService } from "../../../src/services/error_display/error_display_service";
import { notificationService } from "../../../src/services/notification/notification_service";
import type { ErrorDisplayService } from "../../../src/services/error_display/error_display_service";
import { ConnectionAbortedError, ConnectionLostError, InvalidResponseError, RPCError, RPCTimeoutError, type RPCErrorData } from "../../../src/services/rpc/errors";
import { MainRoot, makeServiceRegistry, makeTestEnv, mountWithServices, nextRender } from "../../helpers";

async function setup() {
  const listeners: EventListener[] = [];
  vi.spyOn(browser, "addEventListener").mockImplementation((type, listener) => {
    if (type === "unhandledrejection") listeners.push(listener);
  });
  const env = await makeTestEnv(
    {},
    makeServiceRegistry({ notification: notificationService, error_display: errorDisplayService }),
  );
  // One live error display at a time, as in an app: each test's env stops after it.
  onTestFinished(() => stopServices(env));
  const { target } = await mountWithServices(MainRoot, env);
  /** Dispatches an unhandled rejection of `reason` as the browser would; returns whether it was prevented. */
  const reject = (reason: unknown) => {
    const event = new Event("unhandledrejection", { cancelable: true });
    Object.assign(event, { reason });
    listeners.forEach((listener) => {
      listener(event);
    });
    return event.defaultPrevented;
  };
  return { env, target, reject, display: env.services.error_display as ErrorDisplayService };
}

function serverError(name: string, message = "Odoo Server Error", data: RPCErrorData = {}, code = 200) {
  return new RPCError({ route: "/web/dataset/call_kw/sale.order/write", code, message, data: { name, ...data } });
}

afterEach(() => vi.restoreAllMocks());

describe("error_display service", () => {
  test.each([
    ["odoo.exceptions.AccessError", "Access Error"],
    ["odoo.exceptions.UserError", "User Error"],
    ["odoo.exceptions.ValidationError", "Validation Error"],
    ["odoo.exceptions.MissingError", "Missing Record"],
    ["psycopg2.errors.UniqueViolation", "Constraint Violation"],
    ["odoo.http.SessionExpiredException", "Session Expired"],
    ["werkzeug.exceptions.NotFound", "Method Not Found"],
    ["builtins.ValueError", "Server Error"],
  ])("shows an unhandled %s as a danger notification titled %s with the server's message", async (name, title) => {
    const { target, reject } = await setup();
    expect(reject(serverError(name, "Odoo Server Error", { message: "You cannot do that" }))).toBe(true);
    await nextRender();
    const el = target.querySelector(".o_notification")!;
    expect(el.classList.contains("o_notification_danger")).toBe(true);
    expect(el.querySelector(".o_notification_title")!.textContent).toBe(title);
    expect(el.querySelector(".o_notification_content")!.textContent).toBe("You cannot do that");
  });

  test("falls back to the envelope's message when the server sends no data.message", async () => {
    const { target, reject } = await setup();
    reject(serverError("odoo.exceptions.UserError", "Odoo Server Error"));
    await nextRender();
    expect(target.querySelector(".o_notification_content")!.textContent).toBe("Odoo Server Error");
  });

  test("reveals exception, route and traceback behind Details, and copies them", async () => {
    const { target, reject } = await setup();
    const copied: string[] = [];
    vi.spyOn(browser, "writeClipboard").mockImplementation(async (text) => void copied.push(text));
    reject(serverError("odoo.exceptions.ValidationError", "Odoo Server Error", { message: "Bad <date>", debug: "Traceback (most recent call last):\n  <module>" }));
    await nextRender();
    const buttons = () => [...target.querySelectorAll<HTMLButtonElement>(".o_notification_buttons button")];
    expect(buttons().map((b) => b.textContent)).toEqual(["Details"]);
    expect(target.querySelector(".o_rpc_error_details")).toBeNull();
    buttons()[0]!.click();
    await nextRender();
    const details = target.querySelector(".o_rpc_error_details")!;
    expect(details.textContent).toContain("odoo.exceptions.ValidationError");
    expect(details.textContent).toContain("Route: /web/dataset/call_kw/sale.order/write");
    expect(details.textContent).toContain("Traceback (most recent call last):\n  <module>");
    expect(target.querySelector(".o_notification_content")!.textContent).toContain("Bad <date>");
    expect(buttons().map((b) => b.textContent)).toEqual(["Hide details", "Copy"]);
    buttons()[1]!.click();
    await vi.waitFor(() => expect(copied).toHaveLength(1));
    expect(copied[0]).toContain("Traceback (most recent call last)");
    await nextRender();
    expect(buttons().map((b) => b.textContent)).toEqual(["Hide details", "Copied"]);
    buttons()[0]!.click();
    await nextRender();
    expect(target.querySelector(".o_rpc_error_details")).toBeNull();
  });

  test("offers Reload for an expired session, and says what to do rather than the title twice", async () => {
    const { target, reject } = await setup();
    const reload = vi.spyOn(browser, "reload").mockImplementation(() => {});
    reject(serverError("odoo.http.SessionExpiredException", "Session expired", {}, 100));
    await nextRender();
    expect(target.querySelector(".o_notification_title")!.textContent).toBe("Session Expired");
    expect(target.querySelector(".o_notification_content")!.textContent).toBe("Reload the page to sign in again.");
    const button = target.querySelector<HTMLButtonElement>(".o_notification_button_primary")!;
    expect(button.textContent).toBe("Reload");
    button.click();
    expect(reload).toHaveBeenCalledTimes(1);
  });

  test("shows unhandled timeouts and invalid replies, each saying what happened", async () => {
    const { target, reject } = await setup();
    reject(new RPCTimeoutError("/sale/kpis", 5000));
    reject(new InvalidResponseError("/sale/kpis", 500, "text/html", "not a JSON-RPC reply", "<html>"));
    await nextRender();
    const titles = [...target.querySelectorAll(".o_notification_title")].map((el) => el.textContent);
    expect(titles).toEqual(["Request Timed Out", "Invalid Server Response"]);
    const contents = [...target.querySelectorAll(".o_notification_content")].map((el) => el.textContent);
    expect(contents).toEqual([
      "The server did not answer /sale/kpis within 5 s.",
      "rpc /sale/kpis: HTTP 500 text/html (not a JSON-RPC reply)",
    ]);
  });

  test("quietly claims unhandled connection losses and aborts: the notice or the caller already covers them", async () => {
    const { target, reject } = await setup();
    expect(reject(new ConnectionLostError("/x", 0))).toBe(true);
    expect(reject(new ConnectionAbortedError("/x"))).toBe(true);
    await nextRender();
    expect(target.querySelector(".o_notification")).toBeNull();
  });

  test("leaves other unhandled rejections to the browser", async () => {
    const { target, reject } = await setup();
    expect(reject(new Error("plain bug"))).toBe(false);
    expect(reject(undefined)).toBe(false);
    await nextRender();
    expect(target.querySelector(".o_notification")).toBeNull();
  });

  test("shows an error a caller passes to show(), and nothing for one it keeps", async () => {
    const { target, display } = await setup();
    expect(display.show(serverError("odoo.exceptions.AccessError", "x", { message: "shown on purpose" }))).toBe(true);
    expect(display.show(new TypeError("mine"))).toBe(false);
    await nextRender();
    expect([...target.querySelectorAll(".o_notification_content")].map((e) => e.textContent)).toEqual(["shown on purpose"]);
  });

  test("recognises server errors from another realm by name and type", async () => {
    const { target, reject } = await setup();
    const foreign = Object.assign(new Error("Odoo Server Error"), {
      name: "RPC_ERROR",
      type: "server",
      category: "access",
      route: "/x",
      userMessage: "from an iframe",
      data: {},
    });
    expect(reject(foreign)).toBe(true);
    await nextRender();
    expect(target.querySelector(".o_notification_title")!.textContent).toBe("Access Error");
  });
});

describe("a failure after its component was destroyed", () => {
  test("leaves the caller's promise pending, and is shown as unhandled", async () => {
    const { env, target } = await setup();
    let fail!: (error: unknown) => void;
    const services = makeServiceRegistry({
      test_save: { async: true, start: () => () => new Promise((_resolve, reject) => (fail = reject)) },
    });
    await startServices(env, services);
    class Form extends Component {
      static override template = xml`<div/>`;
      save!: () => Promise<unknown>;
      override setup() {
        this.save = useService("test_save" as never);
      }
    }
    const { app, component } = await mountWithServices(Form, env);
    let settled = false;
    component.save().then(() => (settled = true), () => (settled = true));
    app.destroy();
    fail(serverError("odoo.exceptions.ValidationError", "Odoo Server Error", { message: "The order was changed meanwhile" }));
    await nextRender();
    expect(settled).toBe(false);
    expect(target.querySelector(".o_notification_title")?.textContent).toBe("Validation Error");
    expect(target.querySelector(".o_notification_content")?.textContent).toBe("The order was changed meanwhile");
  });
});
