import { describe, expect, test } from "vitest";
import { setupRPC } from "./rpc_helpers";

describe("rpc", () => {
  test("POSTs one JSON-RPC 2.0 call as application/json and resolves with its result", async () => {
    const { rpc, server } = await setupRPC({ "/sale/kpis": (params) => ({ result: { revenue: 1200, year: params.year } }) });
    await expect(rpc("/sale/kpis", { year: 2026 })).resolves.toEqual({ revenue: 1200, year: 2026 });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request!.method).toBe("POST");
    expect(request!.url).toBe("/sale/kpis");
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.json).toEqual({ jsonrpc: "2.0", method: "call", params: { year: 2026 }, id: 1 });
  });

  test("sends {} when called without params and gives each call of an env an increasing id", async () => {
    const { rpc, server } = await setupRPC({ "/x": () => ({ result: null }) });
    await rpc("/x");
    await Promise.all([rpc("/x"), rpc("/x")]);
    expect(server.requests.map((r) => r.json!.id)).toEqual([1, 2, 3]);
    expect(server.requests[0]!.json!.params).toEqual({});
  });

  test("resolves falsy results as they are", async () => {
    const { rpc } = await setupRPC({ "/false": () => ({ result: false }), "/null": () => ({ result: null }), "/zero": () => ({ result: 0 }) });
    expect(await rpc("/false")).toBe(false);
    expect(await rpc("/null")).toBeNull();
    expect(await rpc("/zero")).toBe(0);
  });

  test("sends extra headers without changing the content type or the caller's object", async () => {
    const { rpc, server } = await setupRPC({ "/x": () => ({ result: 1 }) });
    const headers = Object.freeze({ "X-Trace": "abc", "content-type": "text/plain" });
    const params = Object.freeze({ nested: Object.freeze({ when: new Date(Date.UTC(2026, 10, 22)) }) });
    await rpc("/x", params, { headers });
    expect(server.requests[0]!.headers["x-trace"]).toBe("abc");
    expect(server.requests[0]!.headers["content-type"]).toBe("application/json");
    expect(server.requests[0]!.json!.params).toEqual({ nested: { when: "2026-11-22T00:00:00.000Z" } });
    expect(params.nested.when).toBeInstanceOf(Date);
  });

  test("triggers RPC:REQUEST then RPC:RESPONSE once, with id, route, data, duration and outcome", async () => {
    const { rpc, events } = await setupRPC({ "/x": () => ({ result: "ok" }) });
    await rpc("/x", { a: 1 });
    expect(events.map((e) => e.name)).toEqual(["RPC:REQUEST", "RPC:RESPONSE"]);
    const [request, response] = events.map((e) => e.detail);
    expect(request).toMatchObject({ id: 1, url: "/x", data: { jsonrpc: "2.0", method: "call", params: { a: 1 }, id: 1 }, settings: {} });
    expect(response).toMatchObject({ id: 1, url: "/x", result: "ok", outcome: "result" });
    expect(response!.duration).toBeGreaterThanOrEqual(0);
  });

  test("triggers no RPC:* event for a silent call", async () => {
    const { rpc, events } = await setupRPC({ "/x": () => ({ result: 1 }) });
    await rpc("/x", {}, { silent: true });
    expect(events).toEqual([]);
  });

  test("rejects unknown settings with an error listing the valid ones, sending nothing", async () => {
    const { rpc, server, events } = await setupRPC();
    await expect(rpc("/x", {}, { slient: true } as never)).rejects.toThrow(
      'rpc /x: unknown setting "slient"; valid settings are silent, headers, timeout, signal, retry, share, cache, idempotencyKey',
    );
    await expect(rpc("/x", {}, { timeout: -5 })).rejects.toThrow("rpc /x: settings.timeout must be a number of ms from 1 to 2^31-1 (2147483647), got -5");
    await expect(rpc("/x", {}, { timeout: 2 ** 31 })).rejects.toThrow("rpc /x: settings.timeout must be a number of ms from 1 to 2^31-1 (2147483647), got 2147483648");
    await expect(rpc("/x", {}, { headers: { "X-A": 1 } } as never)).rejects.toThrow('rpc /x: settings.headers["X-A"] must be a string, got number');
    await expect(rpc("" as string)).rejects.toThrow('rpc: route must be a non-empty string, got ""');
    expect(server.requests).toEqual([]);
    expect(events).toEqual([]);
  });

  test("rejects a bad config naming the setting, at start-up", async () => {
    await expect(setupRPC({}, { rpc: { reconnectDelay: 5000, reconnectMaxDelay: 1000 } })).rejects.toThrow(
      "config.rpc.reconnectMaxDelay (1000) must be ≥ config.rpc.reconnectDelay (5000)",
    );
    // A delay beyond what a timer keeps would fire at once: refused at start-up.
    await expect(setupRPC({}, { rpc: { reconnectMaxDelay: 2 ** 31 } })).rejects.toThrow(
      "config.rpc.reconnectMaxDelay must be a number of ms from 1 to 2^31-1 (2147483647), got 2147483648",
    );
    await expect(setupRPC({}, { rpc: { timeout: 1e12 } })).rejects.toThrow("config.rpc.timeout must be a number of ms from 1 to 2^31-1");
  });
});
