import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import "../../src/index";
import { makeEnv } from "../../src/env";
import { MainRoot, mountWithServices, nextRender } from "../helpers";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

async function setup() {
  const env = makeEnv();
  const { target } = await mountWithServices(MainRoot, env);
  const request = (id: number) => env.bus.trigger("RPC:REQUEST", { id });
  const response = (id: number) => env.bus.trigger("RPC:RESPONSE", { id });
  const text = async () => {
    await nextRender();
    return target.querySelector(".o_loading_indicator")?.textContent?.trim() ?? null;
  };
  return { request, response, text };
}

describe("LoadingIndicator", () => {
  test("appears only once a call has been pending for 250 ms", async () => {
    const { request, text } = await setup();
    request(1);
    vi.advanceTimersByTime(249);
    expect(await text()).toBeNull();
    vi.advanceTimersByTime(1);
    expect(await text()).toBe("Loading…");
  });

  test("never shows for calls that end within 250 ms", async () => {
    const { request, response, text } = await setup();
    request(1);
    vi.advanceTimersByTime(200);
    response(1);
    vi.advanceTimersByTime(1000);
    expect(await text()).toBeNull();
  });

  test("shows how many calls are pending and disappears when none is", async () => {
    const { request, response, text } = await setup();
    request(1);
    request(2);
    request(3);
    vi.advanceTimersByTime(250);
    expect(await text()).toBe("Loading… (3)");
    response(2);
    expect(await text()).toBe("Loading… (2)");
    response(1);
    expect(await text()).toBe("Loading…");
    response(3);
    expect(await text()).toBeNull();
  });

  test("ignores the response of a call made before it was mounted", async () => {
    const { request, response, text } = await setup();
    request(7);
    vi.advanceTimersByTime(300);
    response(3);
    expect(await text()).toBe("Loading…");
    response(7);
    expect(await text()).toBeNull();
  });

  test("is a polite status for assistive technology", async () => {
    const { request } = await setup();
    request(1);
    vi.advanceTimersByTime(250);
    await nextRender();
    const el = document.querySelector(".o_loading_indicator")!;
    expect(el.getAttribute("role")).toBe("status");
    expect(el.getAttribute("aria-live")).toBe("polite");
  });
});
