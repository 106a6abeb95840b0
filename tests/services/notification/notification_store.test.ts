import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { NotificationStore } from "../../../src/services/notification/notification_store";
import { resolveNotificationConfig } from "../../../src/services/notification/notification_options";

function makeStore(config = {}) {
  const store = new NotificationStore(resolveNotificationConfig(config));
  store.attach();
  return store;
}
const ids = (store: NotificationStore) => store.visible.map((n) => n.message);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("NotificationStore", () => {
  test("closes a notification autocloseDelay after it becomes visible", () => {
    const store = makeStore();
    store.add("hello");
    vi.advanceTimersByTime(3999);
    expect(ids(store)).toEqual(["hello"]);
    vi.advanceTimersByTime(1);
    expect(ids(store)).toEqual([]);
  });

  test("uses the config's delay, and the notification's own over it, 0 included", () => {
    const store = makeStore({ autocloseDelay: 1000 });
    store.add("config");
    store.add("own", { autocloseDelay: 3000 });
    store.add("zero", { autocloseDelay: 0 });
    vi.advanceTimersByTime(0);
    expect(ids(store)).toEqual(["config", "own"]);
    vi.advanceTimersByTime(1000);
    expect(ids(store)).toEqual(["own"]);
    vi.advanceTimersByTime(2000);
    expect(ids(store)).toEqual([]);
  });

  test("keeps a sticky notification until it is closed", () => {
    const store = makeStore();
    const id = store.add("sticky", { sticky: true });
    vi.advanceTimersByTime(60_000);
    expect(store.timeLeft(id)).toBe(Infinity);
    store.close(id);
    expect(ids(store)).toEqual([]);
  });

  test("does not count down before a view is attached", () => {
    const store = new NotificationStore(resolveNotificationConfig());
    store.add("early");
    vi.advanceTimersByTime(10_000);
    expect(store.visible.map((n) => n.message)).toEqual(["early"]);
    store.attach();
    vi.advanceTimersByTime(4000);
    expect(store.visible).toEqual([]);
  });

  test("shows maxVisible at once and lets the others in, in order, as ones close", () => {
    const store = makeStore({ maxVisible: 2 });
    const first = store.add("1", { sticky: true });
    store.add("2", { sticky: true });
    store.add("3", { autocloseDelay: 1000 });
    store.add("4", { sticky: true });
    expect(ids(store)).toEqual(["1", "2"]);
    expect(store.queued).toBe(2);
    vi.advanceTimersByTime(5000); // "3" waits: its countdown has not started
    store.close(first);
    expect(ids(store)).toEqual(["2", "3"]);
    vi.advanceTimersByTime(999);
    expect(ids(store)).toEqual(["2", "3"]);
    vi.advanceTimersByTime(1);
    expect(ids(store)).toEqual(["2", "4"]);
    expect(store.queued).toBe(0);
  });

  test("counts the same notification instead of stacking it, and restarts its countdown", () => {
    const store = makeStore();
    const a = store.add("Saved", { type: "success", title: "Order" });
    vi.advanceTimersByTime(3000);
    const b = store.add("Saved", { type: "success", title: "Order" });
    store.add("Saved", { type: "success", title: "Order" });
    expect([store.has(a), store.has(b)]).toEqual([true, true]);
    expect(store.visible).toHaveLength(1);
    expect(store.visible[0]).toMatchObject({ count: 3, generation: 2 });
    vi.advanceTimersByTime(3999);
    expect(store.visible).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(store.visible).toHaveLength(0);
  });

  test("does not merge notifications that differ in type, title or message", () => {
    const store = makeStore();
    store.add("Saved", { type: "success" });
    store.add("Saved", { type: "info" });
    store.add("Saved", { type: "success", title: "x" });
    store.add("Saved!", { type: "success" });
    expect(store.visible.map((n) => n.count)).toEqual([1, 1, 1, 1]);
  });

  test("pauses while hovered and resumes with the time that was left", () => {
    const store = makeStore();
    const id = store.add("hover me");
    vi.advanceTimersByTime(3000);
    store.pause(id, "hover");
    expect(store.visible[0]!.paused).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(store.timeLeft(id)).toBe(1000);
    store.resume(id, "hover");
    vi.advanceTimersByTime(999);
    expect(ids(store)).toEqual(["hover me"]);
    vi.advanceTimersByTime(1);
    expect(ids(store)).toEqual([]);
  });

  test("stays paused until every reason to pause is gone", () => {
    const store = makeStore();
    const id = store.add("both");
    store.pause(id, "hover");
    store.pause(id, "focus");
    store.resume(id, "hover");
    vi.advanceTimersByTime(10_000);
    expect(ids(store)).toEqual(["both"]);
    store.resume(id, "focus");
    vi.advanceTimersByTime(4000);
    expect(ids(store)).toEqual([]);
  });

  test("pauses every countdown while the page is hidden", () => {
    const store = makeStore();
    store.add("a");
    vi.advanceTimersByTime(1000);
    store.setPageHidden(true);
    vi.advanceTimersByTime(60_000);
    expect(ids(store)).toEqual(["a"]);
    store.setPageHidden(false);
    vi.advanceTimersByTime(2999);
    expect(ids(store)).toEqual(["a"]);
    vi.advanceTimersByTime(1);
    expect(ids(store)).toEqual([]);
  });

  test("runs onClose once however the notification closes", () => {
    const store = makeStore();
    const onClose = vi.fn();
    const id = store.add("bye", { onClose });
    store.close(id);
    store.close(id);
    vi.advanceTimersByTime(10_000);
    expect(onClose).toHaveBeenCalledTimes(1);
    const auto = vi.fn();
    store.add("auto", { onClose: auto });
    vi.advanceTimersByTime(4000);
    expect(auto).toHaveBeenCalledTimes(1);
  });

  test("updates an open notification, restarting the countdown when its timing changes", () => {
    const store = makeStore();
    const id = store.add("Retrying in 8 s", { sticky: true });
    expect(store.update(id, { message: "Retrying in 7 s", type: "danger" })).toBe(true);
    expect(store.visible[0]).toMatchObject({ message: "Retrying in 7 s", type: "danger", sticky: true });
    store.update(id, { sticky: false, autocloseDelay: 500 });
    vi.advanceTimersByTime(500);
    expect(store.has(id)).toBe(false);
    expect(store.update(id, { message: "late" })).toBe(false);
  });

  test("tells subscribers about every change until they unsubscribe", () => {
    const store = makeStore();
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    const id = store.add("x");
    store.close(id);
    expect(listener).toHaveBeenCalledTimes(2);
    unsubscribe();
    store.add("y");
    expect(listener).toHaveBeenCalledTimes(2);
  });

  test("closes everything at once: one change, no waiting notification shown on its way out, each onClose once", () => {
    const store = makeStore({ maxVisible: 3 });
    const closed: number[] = [];
    for (let i = 0; i < 10_000; i++) store.add(`n${i}`, { onClose: () => closed.push(i) });
    const seen: string[][] = [];
    store.subscribe(() => seen.push(store.visible.map((n) => String(n.message))));
    store.closeAll();
    expect(seen).toEqual([[]]);
    expect(closed).toHaveLength(10_000);
    expect(closed.slice(0, 3)).toEqual([0, 1, 2]);
    expect(store.queued).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  test("still merges an add into the same open notification after thousands of others, and not into an updated one", () => {
    const store = makeStore({ maxVisible: 2 });
    const first = store.add("same", { type: "info" });
    for (let i = 0; i < 5000; i++) store.add(`other ${i}`);
    const second = store.add("same", { type: "info" });
    expect(store.visible[0]).toMatchObject({ message: "same", count: 2 });
    store.close(second);
    store.update(first, { title: "changed" });
    store.add("same", { type: "info" });
    expect(store.visible[0]).toMatchObject({ message: "same", title: "changed", count: 1 });
    store.close(first);
    expect(store.has(first)).toBe(false);
    expect(store.visible.map((n) => n.message)).toEqual(["other 0", "other 1"]);
  });
  test("keeps each merged caller's handle and onClose: closing one caller's handle leaves the notice to the others", () => {
    const store = makeStore();
    const first = vi.fn();
    const second = vi.fn();
    const a = store.add("Saved", { onClose: first });
    const b = store.add("Saved", { onClose: second });
    expect(b).not.toBe(a);
    expect(store.visible).toHaveLength(1);
    expect(store.visible[0]!.count).toBe(2);
    store.close(b);
    expect(second).toHaveBeenCalledTimes(1);
    expect(first).not.toHaveBeenCalled();
    expect(store.visible.map((n) => [n.message, n.count])).toEqual([["Saved", 1]]);
    store.close(a);
    expect(first).toHaveBeenCalledTimes(1);
    expect(store.visible).toEqual([]);
  });

  test("runs every merged caller's onClose once when the notice itself closes (close button, countdown, closeAll)", () => {
    const store = makeStore();
    const calls: string[] = [];
    store.add("x", { onClose: () => calls.push("x1") });
    store.add("x", { onClose: () => calls.push("x2") });
    store.close(store.visible[0]!.id);
    expect(calls).toEqual(["x1", "x2"]);
    store.add("y", { onClose: () => calls.push("y1") });
    store.add("y", { onClose: () => calls.push("y2") });
    vi.advanceTimersByTime(4000);
    store.add("z", { onClose: () => calls.push("z1") });
    store.add("z", { onClose: () => calls.push("z2") });
    store.closeAll();
    expect(calls).toEqual(["x1", "x2", "y1", "y2", "z1", "z2"]);
  });

  test("does not merge an add with buttons, or with another stickiness or class, into an equal one on screen", () => {
    const store = makeStore();
    const onClick = vi.fn();
    store.add("Saved");
    store.add("Saved", { buttons: [{ name: "Undo", onClick }] });
    store.add("Saved", { buttons: [{ name: "Undo", onClick }] });
    store.add("Saved", { sticky: true });
    store.add("Saved", { className: "other" });
    expect(store.visible.map((n) => [n.count, n.sticky, n.buttons.length, n.className])).toEqual([
      [1, false, 0, ""],
      [1, false, 1, ""],
      [1, false, 1, ""],
      [1, true, 0, ""],
      [1, false, 0, "other"],
    ]);
  });

  test("updates only the updating caller's notice when the notice was merged", () => {
    const store = makeStore();
    const a = store.add("Sending", { sticky: true });
    const b = store.add("Sending", { sticky: true });
    expect(store.update(b, { message: "Sent" })).toBe(true);
    expect(store.visible.map((n) => [n.message, n.count])).toEqual([
      ["Sending", 1],
      ["Sent", 1],
    ]);
    store.close(a);
    expect(ids(store)).toEqual(["Sent"]);
    expect(store.has(b)).toBe(true);
    store.close(b);
    expect(store.visible).toEqual([]);
  });
});

