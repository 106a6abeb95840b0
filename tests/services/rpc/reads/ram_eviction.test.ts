/** The memory cache's lifetime and bound: answers nobody uses go, and memory holds a bounded number. */
import { afterEach, describe, expect, test, vi } from "vitest";
import { resolveCacheOptions } from "../../../../src/services/rpc/reads/cache_options";
import { DEFAULT_GC_TIME, DEFAULT_MAX_ENTRIES } from "../../../../src/services/rpc/reads/read_cache";
import type { Reads } from "../../../../src/services/rpc/reads/reads";
import { fakeLayers, kw, request } from "../layer_helpers";

const briefly = resolveCacheOptions("/test", { type: "ram", maxAge: 1 });
const once = resolveCacheOptions("/test", { type: "ram" });
const always = resolveCacheOptions("/test", { type: "ram", update: "always", onUpdate: () => undefined });

/** The read of record `id`, as the orm sends it. */
const readOf = (id: number) => kw("sale.order", "read", [[id], ["name"]]);

/** A cached read of record `id` (maxAge unlimited), answered by the fake server when it is sent. */
async function read(reads: Reads, sent: ReturnType<typeof fakeLayers>["sent"], id: number) {
  const { route, params } = readOf(id);
  const answer = reads.send(route, params, {}, once);
  const index = sent.length;
  for (let turn = 0; turn < 20 && sent.length === index; turn++) await Promise.resolve();
  if (sent.length > index) sent[index]!.answer([{ id }]);
  return answer;
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
    const { sent, reads, cache } = fakeLayers();
    for (let id = 1; id <= DEFAULT_MAX_ENTRIES; id++) await read(reads, sent, id);
    await read(reads, sent, 1); // a hit: 1 is now the most recently used
    await read(reads, sent, DEFAULT_MAX_ENTRIES + 1); // 2 goes
    expect(sent).toHaveLength(DEFAULT_MAX_ENTRIES + 1);
    await read(reads, sent, 1);
    expect(sent).toHaveLength(DEFAULT_MAX_ENTRIES + 1);
    await read(reads, sent, 2);
    expect(sent).toHaveLength(DEFAULT_MAX_ENTRIES + 2);
    cache.close();
  });

  test("a hit on the answer used last keeps it last, and one used before it moves back to last: the least recently used still goes first", async () => {
    const { sent, reads, cache } = fakeLayers();
    for (let id = 1; id <= DEFAULT_MAX_ENTRIES; id++) await read(reads, sent, id);
    await read(reads, sent, DEFAULT_MAX_ENTRIES); // hits on the last one used
    await read(reads, sent, DEFAULT_MAX_ENTRIES);
    await read(reads, sent, 1); // 1 is now the last one used
    await read(reads, sent, 2); // then 2
    await read(reads, sent, 1); // then 1 again
    await read(reads, sent, DEFAULT_MAX_ENTRIES + 1); // 3 goes
    await read(reads, sent, DEFAULT_MAX_ENTRIES + 2); // 4 goes
    expect(sent).toHaveLength(DEFAULT_MAX_ENTRIES + 2);
    for (const id of [1, 2, 5, DEFAULT_MAX_ENTRIES]) await read(reads, sent, id);
    expect(sent).toHaveLength(DEFAULT_MAX_ENTRIES + 2);
    await read(reads, sent, 3);
    await read(reads, sent, 4);
    expect(sent).toHaveLength(DEFAULT_MAX_ENTRIES + 4);
    cache.close();
  });

  test("drops an answer nobody used for DEFAULT_GC_TIME when the next one is stored, with no timer", async () => {
    vi.useFakeTimers();
    const { sent, reads, cache } = fakeLayers();
    await read(reads, sent, 1);
    await read(reads, sent, 2);
    vi.advanceTimersByTime(DEFAULT_GC_TIME / 2);
    await read(reads, sent, 1); // used: its lifetime starts again
    vi.advanceTimersByTime(DEFAULT_GC_TIME / 2);
    await read(reads, sent, 3);
    expect(cache.size).toBe(2);
    expect(vi.getTimerCount()).toBe(0);
    await read(reads, sent, 1);
    expect(sent).toHaveLength(3);
    cache.close();
  });

  test("keeps an answer whose caller still waits for its refresh, past the bound and past DEFAULT_GC_TIME", async () => {
    vi.useFakeTimers();
    const { sent, reads, cache } = fakeLayers();
    await read(reads, sent, 1);
    // Answered from memory at once, then refreshed: the refresh is still in flight.
    const { route, params } = readOf(1);
    const refreshing = reads.send(route, params, {}, always);
    await expect(refreshing).resolves.toEqual([{ id: 1 }]);
    const refresh = await sentAt(sent, 1);
    vi.advanceTimersByTime(DEFAULT_GC_TIME);
    for (let id = 2; id <= DEFAULT_MAX_ENTRIES + 1; id++) await read(reads, sent, id);
    // Still there: a read of it is answered without a request.
    const before = sent.length;
    await read(reads, sent, 1);
    expect(sent).toHaveLength(before);
    // Once the refresh ended it may go like any other.
    refresh.answer([{ id: 1, name: "new" }]);
    await vi.advanceTimersByTimeAsync(0);
    await read(reads, sent, DEFAULT_MAX_ENTRIES + 2);
    expect(cache.size).toBe(DEFAULT_MAX_ENTRIES);
    cache.close();
  });
});
