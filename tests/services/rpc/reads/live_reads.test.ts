/**
 * Live reads (`cache: { live: true, update: "always", onUpdate }`) against a real JSON-RPC server
 * that counts the reads it answers: asked again when their model's cached reads are dropped (a
 * write here, a write in another tab, `reads.invalidate`), coalesced, and never again once their
 * caller is gone.
 */
import { Component, xml } from "@odoo/owl";
import { afterEach, describe, expect, onTestFinished, test, vi } from "vitest";
import { browser, type TimeoutId } from "../../../../src/browser";
import { stopServices } from "../../../../src/env";
import { ormService } from "../../../../src/services/orm/orm_service";
import type { ORM } from "../../../../src/services/orm/orm_types";
import { DEFAULT_LIVE_DELAY } from "../../../../src/services/rpc/reads/live_read";
import type { RPCService } from "../../../../src/services/rpc/rpc_function";
import { getReadCache } from "../../../../src/services/rpc/rpc_service";
import { useService } from "../../../../src/use_service";
import { makeDeferred, mountWithServices, settle, type Deferred } from "../../../helpers";
import { setupRPC } from "../rpc_helpers";

const COUNT = "/web/dataset/call_kw/sale.order/search_count";
const WRITE = "/web/dataset/call_kw/sale.order/write";
/** Long enough for a loaded machine: the trailing delay is 100 ms, a request a few ms. */
const WAIT = { timeout: 10_000 };

afterEach(() => vi.restoreAllMocks());

/**
 * A tab: its server answers `search_count` with the number of count requests it has had for that
 * domain (so each answer differs), or `answer()` when given; `hold` keeps count answers waiting.
 */
async function tab(options: { shared?: boolean; answer?: () => number } = {}) {
  const counted = new Map<string, number>();
  const held: Deferred<void>[] = [];
  let holding = false;
  const ctx = await setupRPC(
    {
      [COUNT]: async (params) => {
        const domain = JSON.stringify((params.args as unknown[])[0]);
        counted.set(domain, (counted.get(domain) ?? 0) + 1);
        const result = options.answer?.() ?? counted.get(domain)!;
        if (holding) {
          const gate = makeDeferred();
          held.push(gate);
          await gate.promise;
        }
        return { result };
      },
      [WRITE]: () => ({ result: true }),
    },
    { rpc: { shareConnectionState: options.shared ?? false } },
    { orm: ormService },
  );
  onTestFinished(() => stopServices(ctx.env));
  const orm = ctx.env.services.orm as ORM;
  const updates: [unknown, boolean][] = [];
  const live = orm.cache({ live: true, update: "always", onUpdate: (result, changed) => updates.push([result, changed]) });
  return {
    ...ctx,
    orm,
    live,
    updates,
    reads: (ctx.rpc as RPCService).layers.reads,
    /** Count requests for `domain` that reached the server. */
    counts: (domain: unknown[] = []) => ctx.server.requestsTo(COUNT).filter((r) => JSON.stringify((r.json?.params?.args as unknown[] | undefined)?.[0]) === JSON.stringify(domain)).length,
    hold(on: boolean) {
      holding = on;
    },
    /** Lets the held answers go, once `count` of them are waiting. */
    async release(count = 1) {
      await vi.waitFor(() => expect(held.length).toBeGreaterThanOrEqual(count), WAIT);
      held.splice(0).forEach((gate) => {
        gate.resolve();
      });
    },
  };
}

/**
 * Watches the live reads' timers (armed with DEFAULT_LIVE_DELAY): `pending` are armed and neither
 * fired nor cleared, `armed` counts them all. `held`: they never fire by themselves.
 */
function liveTimers(held = false): { pending: Set<TimeoutId>; armed: number } {
  const timers = { pending: new Set<TimeoutId>(), armed: 0 };
  const set = browser.setTimeout.bind(browser);
  const clear = browser.clearTimeout.bind(browser);
  vi.spyOn(browser, "setTimeout").mockImplementation((callback, delay) => {
    if (delay !== DEFAULT_LIVE_DELAY) return set(callback, delay);
    timers.armed++;
    const run = () => {
      timers.pending.delete(id);
      callback();
    };
    const id = held ? set(() => undefined, 0) : set(run, delay);
    timers.pending.add(id);
    return id;
  });
  vi.spyOn(browser, "clearTimeout").mockImplementation((id) => {
    if (id !== undefined) timers.pending.delete(id);
    clear(id);
  });
  return timers;
}

/**
 * A witness: a live read of its own, then a drop of sale.order, awaited until the witness is asked
 * again. Returns how many live reads armed a timer at that drop (the witness's own is one).
 */
async function witnessedDrop(page: Awaited<ReturnType<typeof tab>>): Promise<number> {
  const timers = liveTimers();
  await page.live.searchCount("sale.order", []);
  page.reads.invalidate("sale.order");
  await vi.waitFor(() => expect(page.updates).toEqual([[2, true]]), WAIT);
  await settle();
  return timers.armed;
}

describe("live reads", () => {
  test("are asked again after a write in this tab, and onUpdate gets the new answer, changed", async () => {
    const page = await tab();
    await expect(page.live.searchCount("sale.order", [])).resolves.toBe(1);
    await page.orm.write("sale.order", [1], { name: "x" });
    await vi.waitFor(() => expect(page.updates).toEqual([[2, true]]), WAIT);
    await settle();
    expect(page.counts()).toBe(2);
  });

  test("onUpdate's changed is false when the new answer equals the last one the caller got", async () => {
    const page = await tab({ answer: () => 7 });
    await expect(page.live.searchCount("sale.order", [])).resolves.toBe(7);
    page.reads.invalidate("sale.order");
    await vi.waitFor(() => expect(page.updates).toEqual([[7, false]]), WAIT);
  });

  test("are asked again after reads.invalidate(model), the bus's records/changed path, and not for another model", async () => {
    const page = await tab();
    await page.live.searchCount("sale.order", []);
    page.reads.invalidate("res.partner");
    page.reads.invalidate("sale.order");
    await vi.waitFor(() => expect(page.updates).toEqual([[2, true]]), WAIT);
    await settle();
    expect(page.counts()).toBe(2);
  });

  test("are asked again after a write in another tab (the cache's BroadcastChannel message)", async () => {
    const tabB = await tab({ shared: true });
    const tabA = await tab({ shared: true });
    // Both tabs' relative routes reach the last server started (the page's URL): tabA's.
    await expect(tabB.live.searchCount("sale.order", [])).resolves.toBe(1);
    await tabA.orm.write("sale.order", [1], { name: "x" });
    await vi.waitFor(() => expect(tabB.updates).toEqual([[2, true]]), WAIT);
    expect(tabA.counts()).toBe(2);
  });

  test("a burst of 100 invalidations costs two re-reads: one in flight, one for what came meanwhile", async () => {
    const page = await tab();
    await page.live.searchCount("sale.order", []);
    page.hold(true);
    for (let i = 0; i < 50; i++) page.reads.invalidate("sale.order");
    await vi.waitFor(() => expect(page.counts()).toBe(2), WAIT);
    // The re-read is in flight: these 50 make one more, after it.
    for (let i = 0; i < 50; i++) page.reads.invalidate("sale.order");
    page.hold(false);
    await page.release();
    await vi.waitFor(() => expect(page.updates).toEqual([[2, true], [3, true]]), WAIT);
    await settle();
    expect(page.counts()).toBe(3);
  });

  test("a write made while the first answer is in flight is followed once that answer is in", async () => {
    const page = await tab();
    page.hold(true);
    const first = page.live.searchCount("sale.order", []);
    await vi.waitFor(() => expect(page.counts()).toBe(1), WAIT);
    page.hold(false);
    await page.orm.write("sale.order", [1], { name: "x" });
    await page.release();
    await expect(first).resolves.toBe(1);
    await vi.waitFor(() => expect(page.updates).toEqual([[2, true]]), WAIT);
  });

  test("nothing is asked again once the caller aborted, or its signal did; a live read of another domain witnesses the drop", async () => {
    const page = await tab();
    const aborted = page.live.searchCount("sale.order", [["id", "=", 1]]) as ReturnType<ORM["searchCount"]> & { abort(): void };
    await aborted;
    aborted.abort();
    const controller = new AbortController();
    const signalled: unknown[] = [];
    const cache = { live: true, update: "always", onUpdate: (value: unknown) => signalled.push(value) } as const;
    await page.rpc(COUNT, { model: "sale.order", method: "search_count", args: [[["id", "=", 2]]], kwargs: {} }, { cache, signal: controller.signal });
    controller.abort();
    // Only the witness armed a timer: the two others ended at the drop, or before they followed.
    expect(await witnessedDrop(page)).toBe(1);
    expect([page.counts([["id", "=", 1]]), page.counts([["id", "=", 2]])]).toEqual([1, 1]);
    expect(signalled).toEqual([]);
  });

  test("nothing is asked again once its component is destroyed", async () => {
    const page = await tab();
    class Kpi extends Component {
      static override template = xml`<div/>`;
      orm!: ORM;
      override setup() {
        this.orm = useService("orm");
      }
    }
    const { app, component } = await mountWithServices(Kpi, page.env);
    const seen: unknown[] = [];
    await component.orm.cache({ live: true, update: "always", onUpdate: (value) => seen.push(value) }).searchCount("sale.order", [["id", "=", 1]]);
    app.destroy();
    expect(await witnessedDrop(page)).toBe(1);
    expect(page.counts([["id", "=", 1]])).toBe(1);
    expect(seen).toEqual([]);
  });

  test("stopServices clears a live read's armed timer, and nothing is asked after", async () => {
    const page = await tab();
    await page.live.searchCount("sale.order", []);
    const timers = liveTimers(true);
    page.reads.invalidate("sale.order");
    await vi.waitFor(() => expect(timers.pending.size).toBe(1), WAIT);
    await stopServices(page.env);
    expect(timers.pending.size).toBe(0);
    expect(getReadCache(page.rpc)?.closed).toBe(true);
    await settle();
    expect(page.counts()).toBe(1);
  });

  test("a live read without update: always or onUpdate, or with a live that is not a boolean, is refused before sending", async () => {
    const page = await tab();
    const read = (cache: object) => page.rpc(COUNT, { model: "sale.order", method: "search_count", args: [[]], kwargs: {} }, { cache });
    const refused = `rpc ${COUNT}: settings.cache.live must be false, or true with update "always" and onUpdate`;
    await expect(read({ live: true, onUpdate: () => undefined })).rejects.toThrow(refused);
    await expect(read({ live: true, update: "always" })).rejects.toThrow(refused);
    await expect(read({ live: "yes", update: "always", onUpdate: () => undefined })).rejects.toThrow(refused);
    await expect(page.orm.cache({ live: true }).searchCount("sale.order", [])).rejects.toThrow(refused);
    await expect(read({ live: false })).resolves.toBe(1);
    expect(page.server.requests).toHaveLength(1);
  });
});
