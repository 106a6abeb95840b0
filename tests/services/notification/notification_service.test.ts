import { markup } from "@odoo/owl";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import "../../../src/index";
import type { NotificationService } from "../../../src/services/notification/notification_service";
import { notificationService } from "../../../src/services/notification/notification_service";
import { makeServiceRegistry, makeTestEnv, MainRoot, mountWithServices, nextRender } from "../../helpers";

async function setup(config = {}) {
  const env = await makeTestEnv(config, makeServiceRegistry({ notification: notificationService }));
  const notification = env.services.notification as NotificationService;
  const { target } = await mountWithServices(MainRoot, env);
  return { env, notification, target };
}
const shown = (target: HTMLElement) =>
  [...target.querySelectorAll(".o_notification .o_notification_content")].map((el) => el.textContent);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("notification service", () => {
  test("renders title, content, close button and buttons with Odoo's classes", async () => {
    const { notification, target } = await setup();
    notification.add("Order saved", {
      title: "Sales",
      type: "success",
      className: "my_toast",
      buttons: [{ name: "Open", onClick: () => {}, primary: true }],
    });
    await nextRender();
    const el = target.querySelector(".o_notification")!;
    expect(el.classList.contains("o_notification_success")).toBe(true);
    expect(el.classList.contains("my_toast")).toBe(true);
    expect(el.querySelector(".o_notification_title")!.textContent).toBe("Sales");
    expect(el.querySelector(".o_notification_content")!.textContent).toBe("Order saved");
    expect(el.querySelector(".o_notification_close")!.getAttribute("aria-label")).toBe("Close notification");
    const button = el.querySelector(".o_notification_buttons button")!;
    expect(button.textContent).toBe("Open");
    expect(button.classList.contains("o_notification_button_primary")).toBe(true);
  });

  test("is a warning by default", async () => {
    const { notification, target } = await setup();
    notification.add("careful");
    await nextRender();
    expect(target.querySelector(".o_notification")!.classList.contains("o_notification_warning")).toBe(true);
  });

  test("renders a string message and the title as text, and a markup message as HTML", async () => {
    const { notification, target } = await setup();
    notification.add("<b>not bold</b>", { title: "<i>t</i>", type: "info" });
    notification.add(markup("<b>bold</b>"), { type: "info" });
    await nextRender();
    const [text, html] = target.querySelectorAll(".o_notification");
    expect(text!.querySelector(".o_notification_content b")).toBeNull();
    expect(text!.querySelector(".o_notification_content")!.textContent).toBe("<b>not bold</b>");
    expect(text!.querySelector(".o_notification_title")!.textContent).toBe("<i>t</i>");
    expect(html!.querySelector(".o_notification_content b")!.textContent).toBe("bold");
  });

  test("shows a notification added before the container was mounted", async () => {
    const env = await makeTestEnv({}, makeServiceRegistry({ notification: notificationService }));
    (env.services.notification as NotificationService).add("early bird");
    vi.advanceTimersByTime(10_000);
    const { target } = await mountWithServices(MainRoot, env);
    await nextRender();
    expect(shown(target)).toEqual(["early bird"]);
  });

  test("closes from the close button, from the returned function, and runs onClose once", async () => {
    const { notification, target } = await setup();
    const onClose = vi.fn();
    notification.add("one", { onClose, sticky: true });
    const close = notification.add("two", { sticky: true });
    await nextRender();
    target.querySelector<HTMLButtonElement>(".o_notification_close")!.click();
    close();
    close();
    await nextRender();
    expect(shown(target)).toEqual([]);
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  test("runs a button's handler without closing the notification", async () => {
    const { notification, target } = await setup();
    const onClick = vi.fn();
    notification.add("act", { sticky: true, buttons: [{ name: "Do", onClick }] });
    await nextRender();
    target.querySelector<HTMLButtonElement>(".o_notification_buttons button")!.click();
    await nextRender();
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(shown(target)).toEqual(["act"]);
  });

  test("pauses its countdown on mouseenter and resumes it on mouseleave with the time left", async () => {
    const { notification, target } = await setup();
    notification.add("hover");
    await nextRender();
    vi.advanceTimersByTime(3000);
    const el = target.querySelector(".o_notification")!;
    el.dispatchEvent(new Event("mouseenter"));
    vi.advanceTimersByTime(30_000);
    await nextRender();
    expect(shown(target)).toEqual(["hover"]);
    expect(el.getAttribute("data-paused")).toBe("true");
    expect(el.querySelector<HTMLElement>(".o_notification_progress")!.style.animationPlayState).toBe("paused");
    el.dispatchEvent(new Event("mouseleave"));
    vi.advanceTimersByTime(999);
    await nextRender();
    expect(shown(target)).toEqual(["hover"]);
    vi.advanceTimersByTime(1);
    await nextRender();
    expect(shown(target)).toEqual([]);
  });

  test("pauses while one of its buttons has keyboard focus", async () => {
    const { notification, target } = await setup();
    notification.add("focus", { buttons: [{ name: "A", onClick: () => {} }] });
    await nextRender();
    target.querySelector<HTMLButtonElement>(".o_notification_buttons button")!.focus();
    vi.advanceTimersByTime(10_000);
    await nextRender();
    expect(shown(target)).toEqual(["focus"]);
    (document.activeElement as HTMLElement).blur();
    vi.advanceTimersByTime(4000);
    await nextRender();
    expect(shown(target)).toEqual([]);
  });

  test("pauses every countdown while the page is hidden", async () => {
    const { notification, target } = await setup();
    notification.add("while away");
    await nextRender();
    const visibility = vi.spyOn(document, "visibilityState", "get").mockReturnValue("hidden");
    document.dispatchEvent(new Event("visibilitychange"));
    vi.advanceTimersByTime(60_000);
    await nextRender();
    expect(shown(target)).toEqual(["while away"]);
    visibility.mockReturnValue("visible");
    document.dispatchEvent(new Event("visibilitychange"));
    vi.advanceTimersByTime(4000);
    await nextRender();
    expect(shown(target)).toEqual([]);
    visibility.mockRestore();
  });

  test("shows a count instead of stacking the same notification", async () => {
    const { notification, target } = await setup();
    for (let i = 0; i < 3; i++) notification.add("Saved", { type: "success" });
    await nextRender();
    expect(shown(target)).toEqual(["Saved"]);
    expect(target.querySelector(".o_notification_count")!.textContent).toBe("×3");
  });

  test("keeps a merged notice on screen for the first caller when the second caller closes its handle", async () => {
    const { notification, target } = await setup();
    const onClose = [vi.fn(), vi.fn()] as const;
    const first = notification.add("Saved", { type: "success", sticky: true, onClose: onClose[0] });
    const second = notification.add("Saved", { type: "success", sticky: true, onClose: onClose[1] });
    await nextRender();
    expect(target.querySelector(".o_notification_count")!.textContent).toBe("×2");
    second();
    await nextRender();
    expect(shown(target)).toEqual(["Saved"]);
    expect(target.querySelector(".o_notification_count")).toBeNull();
    expect(onClose.map((f) => f.mock.calls.length)).toEqual([0, 1]);
    first.close();
    await nextRender();
    expect(shown(target)).toEqual([]);
    expect(onClose.map((f) => f.mock.calls.length)).toEqual([1, 1]);
  });

  test("shows maxVisible notifications and says how many wait", async () => {
    const { notification, target } = await setup({ notification: { maxVisible: 2 } });
    const first = notification.add("1", { sticky: true });
    notification.add("2", { sticky: true });
    notification.add("3", { sticky: true });
    await nextRender();
    expect(shown(target)).toEqual(["1", "2"]);
    expect(target.querySelector(".o_notification_queued")!.textContent).toBe("1 more waiting");
    first();
    await nextRender();
    expect(shown(target)).toEqual(["2", "3"]);
    expect(target.querySelector(".o_notification_queued")).toBeNull();
  });

  test("closes the most recent notification on Escape when focus is inside", async () => {
    const { notification, target } = await setup();
    notification.add("older", { sticky: true, buttons: [{ name: "x", onClick: () => {} }] });
    notification.add("newer", { sticky: true });
    await nextRender();
    const button = target.querySelector<HTMLButtonElement>(".o_notification_buttons button")!;
    button.focus();
    button.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    await nextRender();
    expect(shown(target)).toEqual(["older"]);
    document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    await nextRender();
    expect(shown(target)).toEqual(["older"]);
  });

  test("has live regions before the first notification and announces each one once, by urgency", async () => {
    const { notification, target } = await setup();
    const polite = target.querySelector('.o_notification_live[role="status"][aria-live="polite"]')!;
    const assertive = target.querySelector('.o_notification_live[role="alert"][aria-live="assertive"]')!;
    expect(polite).not.toBeNull();
    expect(assertive).not.toBeNull();
    notification.add("Saved", { title: "Order", type: "success" });
    notification.add("Saved", { title: "Order", type: "success" });
    notification.add("<b>Denied</b>", { type: "danger" });
    notification.add(markup("Access <b>denied</b><img src=x onerror=\"window.__pwned = 1\">"), { type: "danger" });
    await nextRender();
    expect([...polite.children].map((c) => c.textContent)).toEqual(["Order: Saved"]);
    expect([...assertive.children].map((c) => c.textContent)).toEqual(["<b>Denied</b>", "Access denied"]);
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
    expect(document.activeElement).toBe(document.body);
  });

  test("holds no more DOM than maxVisible allows through a burst and a closeAll, live regions included, announcing nothing on the way out", async () => {
    const { notification, target } = await setup({ notification: { maxVisible: 3 } });
    const polite = target.querySelector('.o_notification_live[role="status"]')!;
    for (let i = 0; i < 500; i++) notification.add(`burst ${i}`, { sticky: true, type: "info" });
    await nextRender();
    expect(target.querySelectorAll(".o_notification")).toHaveLength(3);
    expect(target.querySelector(".o_notification_queued")!.textContent).toBe("497 more waiting");
    // Closing the shown ones one by one announces each newcomer, but the region keeps the latest 3.
    for (let i = 0; i < 10; i++) {
      target.querySelector<HTMLButtonElement>(".o_notification_close")!.click();
      await nextRender();
    }
    expect([...polite.children].map((c) => c.textContent)).toEqual(["burst 10", "burst 11", "burst 12"]);
    notification.closeAll();
    await nextRender();
    expect(target.querySelectorAll(".o_notification")).toHaveLength(0);
    expect(target.querySelector(".o_notification_queued")).toBeNull();
    expect([...polite.children].map((c) => c.textContent)).toEqual(["burst 10", "burst 11", "burst 12"]);
  });

  test("changes a shown notification through update", async () => {
    const { notification, target } = await setup();
    const handle = notification.add("Retrying in 8 s", { sticky: true });
    await nextRender();
    expect(handle.update({ message: "Retrying in 7 s", title: "Offline" })).toBe(true);
    await nextRender();
    expect(shown(target)).toEqual(["Retrying in 7 s"]);
    expect(target.querySelector(".o_notification_title")!.textContent).toBe("Offline");
    expect(notification.update(handle.id, { message: "by id" })).toBe(true);
    handle.close();
    expect(notification.update(handle, { message: "gone" })).toBe(false);
  });

  test("shows a progress bar lasting autocloseDelay, but none for sticky notifications", async () => {
    const { notification, target } = await setup();
    notification.add("timed", { autocloseDelay: 2500 });
    notification.add("sticky", { sticky: true });
    await nextRender();
    const [timed, sticky] = target.querySelectorAll(".o_notification");
    expect(timed!.querySelector<HTMLElement>(".o_notification_progress")!.style.animationDuration).toBe("2500ms");
    expect(sticky!.querySelector(".o_notification_progress")).toBeNull();
  });

  test.each([
    [{ type: "error" }, 'notification.add: type must be one of info, success, warning, danger, got "error"'],
    [{ autoClose: 5 }, 'notification.add: unknown option "autoClose"; valid options are title, type, sticky'],
    [{ autocloseDelay: -1 }, "notification.add: autocloseDelay must be a number of ms from 0 to 2^31-1 (2147483647), got -1"],
    [{ buttons: [{ name: "x" }] }, "notification.add: buttons[0].onClick must be a function"],
    [{ title: 5 }, "notification.add: title must be a string, got number"],
    [null, "notification.add: options must be an object such as { type: \"success\" }, got null"],
    [{ sticky: "no" }, 'notification.add: sticky must be true or false, got "no"'],
    [{ autocloseDelay: 2 ** 31 }, "notification.add: autocloseDelay must be a number of ms from 0 to 2^31-1 (2147483647), got 2147483648"],
    [{ buttons: [{ name: "x", onClick: () => undefined, primary: 1 }] }, "notification.add: buttons[0].primary must be true or false, got 1"],
  ])("refuses bad options %j with a message saying what is wrong", async (options, message) => {
    const { notification, target } = await setup();
    expect(() => notification.add("x", options as never)).toThrow(message);
    expect(() => notification.add({} as never)).toThrow("notification.add: message must be a string or a markup() value, got object");
    await nextRender();
    expect(shown(target)).toEqual([]);
  });

  test("refuses a bad config with a message naming the setting", async () => {
    await expect(
      makeTestEnv({ notification: { maxVisible: 0 } }, makeServiceRegistry({ notification: notificationService })),
    ).rejects.toThrow("config.notification.maxVisible must be a whole number ≥ 1, got 0");
  });
});
