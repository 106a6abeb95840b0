/**
 * The disk cache under faults, step by step: each IndexedDB operation (open, get, put, delete,
 * commit, quota) fails once while a user reads, writes, reloads, and another user reads on the same
 * browser. For each: every read settles, no answer from before a write is served after it (the
 * write is not lost to a stale entry), and nothing of one user is served to another.
 */
import { IDBFactory } from "fake-indexeddb";
import { afterAll, afterEach, describe, expect, test, vi } from "vitest";
import { browser } from "../../src/browser";
import { stopServices } from "../../src/env";
import { ormService } from "../../src/services/orm/orm_service";
import { DiskStore } from "../../src/services/rpc/reads/disk_store";
import { setupRPC } from "../services/rpc/rpc_helpers";
import { FAULT_KINDS, injectFault, type Fault, type FaultKind } from "./faulty_idb";
import { emptyCounts } from "./fault_server";

const READ = "/web/dataset/call_kw/sale.order/search_read";
const counts = emptyCounts();

/** Everything the disk was asked to do so far, finished (a reload then sees it). */
async function diskIdle(): Promise<void> {
  for (const method of ["put", "delete", "deleteOwner"] as const) {
    const spy = vi.mocked(DiskStore.prototype[method]);
    await Promise.allSettled(spy.mock.results.map((result) => result.value as Promise<void>));
  }
}

/** A page of user `uid` on the shared server state; its reads name who asked and the data's version. */
async function page(uid: number, state: { version: number }) {
  const ctx = await setupRPC(
    {
      [READ]: (params) => ({ result: [{ who: ((params.kwargs as { context: { uid: number } }).context).uid, version: state.version }] }),
      "/web/dataset/call_kw/sale.order/write": () => {
        state.version++;
        return { result: true };
      },
    },
    { orm: { context: { uid } } },
    { orm: ormService },
  );
  type Answer = { who: number; version: number }[];
  return { ...ctx, read: () => ctx.env.services.orm.cache({ type: "disk" }).searchRead("sale.order", [], ["name"]) as unknown as Promise<Answer> };
}

/** One scenario: returns the IndexedDB operations it saw. */
async function run(kind?: FaultKind, nth = 0): Promise<Fault["seen"]> {
  vi.spyOn(browser, "indexedDB", "get").mockReturnValue(new IDBFactory());
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
  for (const method of ["put", "delete", "deleteOwner"] as const) vi.spyOn(DiskStore.prototype, method);
  const fault = injectFault(kind, nth);
  const state = { version: 1 };
  let noAnswer = 0;
  let stale = 0;
  let others = 0;
  // Awaited, not raced against a timer: a read that never settles fails the test at its timeout,
  // whatever the machine's load; one that settles with an error counts as no answer.
  const answer = async (read: Promise<{ who: number; version: number }[]>) => (await read.catch(() => [undefined]))[0];
  try {
    const first = await page(2, state);
    await answer(first.read());
    await diskIdle();
    await first.env.services.orm.write("sale.order", [1], { name: "changed" });
    await diskIdle();
    await stopServices(first.env);
    // A reload of the same user: the write's version, never the entry from before it.
    const reload = await page(2, state);
    const again = await answer(reload.read());
    // Every read is answered: from the disk, or from the server when the disk fails.
    if (!again) noAnswer++;
    if (again && again.version !== state.version) stale++;
    if (again && again.who !== 2) others++;
    await diskIdle();
    await stopServices(reload.env);
    // Another user on the same browser: their own answer.
    const other = await page(6, state);
    const theirs = await answer(other.read());
    if (theirs && theirs.who !== 6) others++;
    if (!theirs) noAnswer++;
    await stopServices(other.env);
    counts.scenarios++;
    counts.lost += stale;
    counts.unsettled += noAnswer;
    counts.servedToAnother += others;
    expect({ stale, noAnswer, others }).toEqual({ stale: 0, noAnswer: 0, others: 0 });
    return { ...fault.seen };
  } finally {
    vi.restoreAllMocks();
  }
}

afterEach(() => vi.restoreAllMocks());

afterAll(() => {
  console.log(`disk cache faults: ${JSON.stringify(counts)}`);
});

describe("the disk cache under faults", { timeout: 120_000 }, () => {
  let clean: Fault["seen"];

  test("a clean run reads from the disk, drops it at a write, and keeps users apart", async () => {
    clean = await run();
    // It did use the disk: stored, read back and dropped.
    expect([clean.put, clean.get, clean.delete].every((count) => count > 0)).toBe(true);
  });

  for (const kind of FAULT_KINDS) {
    test(`each ${kind} failing once, at every step: every read settles, nothing stale, nothing of another user`, async () => {
      for (let nth = 1; nth <= clean[kind]; nth++) await run(kind, nth);
    });
  }

  test("the counts add up", () => {
    expect(counts.scenarios).toBeGreaterThan(10);
    expect(counts).toMatchObject({ lost: 0, unsettled: 0, servedToAnother: 0 });
  });
});
