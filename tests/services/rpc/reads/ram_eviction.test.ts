/** The memory cache's lifetime and bound: answers nobody uses go, and memory holds a bounded number. */
import { afterEach, describe, expect, test, vi } from "vitest";
import { resolveCacheOptions } from "../../../../src/services/rpc/reads/cache_options";
import { DEFAULT_MAX_ENTRIES, ReadCache } from "../../../../src/services/rpc/reads/read_cache";
import { Reads } from "../../../../src/services/rpc/reads/reads";
import { fakeLayers, kw, request } from "../layer_helpers";

const briefly = resolveCacheOptions("/test", { type: "ram", maxAge: 1 });
const once = resolveCacheOptions("/test", { type: "ram" });
const always = resolveCacheOptions("/test", { type: "ram", update: "always", onUpdate: () => undefined });

/** The read of record `id`, as the orm sends it. */
const readOf = (id: number) => kw("sale.order", "read", [[id], ["name"]]);

/** Reads over a fake call layer with a cache of its own: `maxEntries` answers at most, kept `gcTime` ms unused. */
function layers(limits: { gcTime?: number; maxEntries?: number } = {}) {
  const base = fakeLayers();
  const cache = new ReadCache({ namespace: () => "1|2", version: "1", ...limits });
  return { sent: base.sent, cache, reads: new Reads((base.reads as unknown as { client: ConstructorParameters<typeof Reads>[0] }).client, cache) };
}

/** The request numbered `index`: a cached read reads its cache first, a few promise reactions away. */
async function sentAt(sent: ReturnType<typeof fakeLayers>["sent"], index: number) {
  for (let turn = 0; turn < 20 && sent.length <= index; turn++) await Promise.resolve();
  return sent.length > index ? sent[index]! : request(sent, index);
}

afterEach(() => vi.useRealTimers());

describe("the memory cache", () => {
  test("keeps at most DEFAULT_MAX_ENTRIES answers after 3,000 distinct reads with maxAge: 1", async () => {
    const { sent, reads, cache } = fakeLayers();
    for (let id = 1; id <= 3000; id++) {
      const { route, params } = readOf(id);
      const read = reads.send(route, params, {}, briefly);
      (await sentAt(sent, id - 1)).answer([{ id, name: `S${id}` }]);
      await read;
    }
    expect(sent).toHaveLength(3000);
    expect(DEFAULT_MAX_ENTRIES).toBeLessThan(3000);
    expect(cache.size).toBe(DEFAULT_MAX_ENTRIES);
    cache.close();
  });

  test("drops the least recently used answer first when the bound is reached", async () => {
    const { sent, reads, cache } = layers({ maxEntries: 2 });
    const read = async (id: number) => {
      const { route, params } = readOf(id);
      const answer = reads.send(route, params, {}, once);
      const index = sent.length;
      for (let turn = 0; turn < 20 && sent.length === index; turn++) await Promise.resolve();
      if (sent.length > index) sent[index]!.answer([{ id }]);
      return answer;
    };
    await read(1);
    await read(2);
    await read(1); // a hit: 1 is now the most recently used
    await read(3); // 2 goes
    expect(sent).toHaveLength(3);
    await read(1);
    expect(sent).toHaveLength(3);
    await read(2);
    expect(sent).toHaveLength(4);
    cache.close();
  });

  test("drops an answer nobody used for gcTime on the library's timer, and close() clears that timer", async () => {
    vi.useFakeTimers();
    const { sent, reads, cache } = layers({ gcTime: 60_000 });
    const { route, params } = readOf(1);
    const first = reads.send(route, params, {}, once);
    (await sentAt(sent, 0)).answer([{ id: 1 }]);
    await first;
    vi.advanceTimersByTime(30_000);
    await reads.send(route, params, {}, once); // used: its lifetime starts again
    vi.advanceTimersByTime(59_000);
    expect(cache.size).toBe(1);
    vi.advanceTimersByTime(61_000);
    expect(cache.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    const second = reads.send(route, params, {}, once);
    (await sentAt(sent, 1)).answer([{ id: 1 }]);
    await second;
    expect(vi.getTimerCount()).toBe(1);
    cache.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  test("keeps an answer whose caller still waits for its refresh, past the bound and past gcTime", async () => {
    vi.useFakeTimers();
    const { sent, reads, cache } = layers({ maxEntries: 1, gcTime: 1000 });
    const { route, params } = readOf(1);
    const first = reads.send(route, params, {}, once);
    (await sentAt(sent, 0)).answer([{ id: 1, name: "old" }]);
    await first;
    // Answered from memory at once, then refreshed: the refresh is still in flight.
    const refreshing = reads.send(route, params, {}, always);
    await expect(refreshing).resolves.toEqual([{ id: 1, name: "old" }]);
    await sentAt(sent, 1);
    const other = reads.send(readOf(2).route, readOf(2).params, {}, once);
    (await sentAt(sent, 2)).answer([{ id: 2 }]);
    await other;
    vi.advanceTimersByTime(5000);
    // Still there: a read of it is answered without a request.
    await expect(reads.send(route, params, {}, once)).resolves.toEqual([{ id: 1, name: "old" }]);
    expect(sent).toHaveLength(3);
    // Once the refresh ended it may go like any other.
    sent[1]!.answer([{ id: 1, name: "new" }]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(cache.size).toBe(0);
    cache.close();
  });
});
