import { describe, expect, test } from "vitest";
import "../../../src/index";
import { MainRoot, makeDeferred, mountWithServices, nextRender } from "../../helpers";
import { setupRPC } from "./rpc_helpers";

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
    const aborted = rpc("/hang");
    const calls = [rpc("/ok"), rpc("/error"), rpc("/hang", {}, { timeout: 500 }), aborted];
    await arrived.promise;
    await new Promise((r) => setTimeout(r, 300));
    await nextRender();
    expect(target.querySelector(".o_loading_indicator")?.textContent).toContain("Loading… (4)");
    aborted.abort();
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
    const call = rpc("/slow", {}, { silent: true });
    await new Promise((r) => setTimeout(r, 300));
    await nextRender();
    expect(target.querySelector(".o_loading_indicator")).toBeNull();
    release.resolve();
    await call;
  });
});
