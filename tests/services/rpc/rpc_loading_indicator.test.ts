import { afterEach, describe, expect, test, vi } from "vitest";
import "../../../src/index";
import { LOADING_INDICATOR_DELAY } from "../../../src/components/loading_indicator";
import { MainRoot, makeDeferred, mountWithServices, nextRender, watchTimers } from "../../helpers";
import { setupRPC } from "./rpc_helpers";

/** Waits until the indicator has rendered `check` (it shows after LOADING_INDICATOR_DELAY of activity). */
const indicatorShows = (check: () => void) =>
  vi.waitFor(async () => {
    await nextRender();
    check();
  }, { timeout: 20_000 });

afterEach(() => vi.restoreAllMocks());

describe("LoadingIndicator with the rpc service", () => {
  test("shows pending calls and can never get stuck: results, errors, aborts and timeouts all end a call", async () => {
    const arrived = makeDeferred();
    const release = makeDeferred();
    const { env, rpc } = await setupRPC({
      "/ok": async () => (await release.promise, { result: 1 }),
      "/error": async () => (await release.promise, { error: { code: 200, message: "Odoo Server Error", data: { name: "odoo.exceptions.UserError", message: "no" } } }),
      "/hang": () => (arrived.resolve(), { hang: true }),
    });
    const { target } = await mountWithServices(MainRoot, env);
    // The timeout is one the test fires itself, once the indicator shows: not before, however slow the machine.
    const TIMEOUT = 54_321;
    const timers = watchTimers();
    const aborted = rpc("/hang");
    const calls = [rpc("/ok"), rpc("/error"), rpc("/hang", {}, { timeout: TIMEOUT }), aborted];
    await arrived.promise;
    await indicatorShows(() => expect(target.querySelector(".o_loading_indicator")?.textContent).toContain("Loading… (4)"));
    aborted.abort();
    timers.fire(TIMEOUT);
    release.resolve();
    await Promise.allSettled(calls);
    await nextRender();
    expect(target.querySelector(".o_loading_indicator")).toBeNull();
    // The unhandled error display is not started here: a caught failure shows nothing either way.
  });

  test("ignores silent calls", async () => {
    const release = makeDeferred();
    const { env, rpc } = await setupRPC({ "/slow": async () => (await release.promise, { result: 1 }) });
    const { target } = await mountWithServices(MainRoot, env);
    const timers = watchTimers();
    const call = rpc("/slow", {}, { silent: true });
    // The indicator never started counting for it: a silent call arms no delay.
    expect(timers.delays).not.toContain(LOADING_INDICATOR_DELAY);
    // The same call, not silent, does, and is shown.
    const loud = rpc("/slow");
    expect(timers.delays).toContain(LOADING_INDICATOR_DELAY);
    try {
      await indicatorShows(() => expect(target.querySelector(".o_loading_indicator")?.textContent?.trim()).toBe("Loading…"));
    } finally {
      release.resolve();
    }
    await Promise.all([call, loud]);
  });
});
