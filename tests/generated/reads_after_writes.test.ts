/**
 * Generated interleavings (fast-check, seeded) of reads (shared, cached), writes, answers in any
 * order and aborts, against a fake server whose data version grows with each write it applies:
 * no read that started after a write completed returns a value from before that write.
 */
import fc from "fast-check";
import { afterEach, describe, expect, test, vi } from "vitest";
import { browser, type TimeoutId } from "../../src/browser";
import { makeEnv, startServices, stopServices } from "../../src/env";
import { notificationService } from "../../src/services/notification/notification_service";
import { ormService } from "../../src/services/orm/orm_service";
import type { ORM } from "../../src/services/orm/orm_types";
import { rpcService } from "../../src/services/rpc/rpc_service";
import type { RPCPromise } from "../../src/services/rpc/types";
import { makeServiceRegistry } from "../helpers";
import { FakeXHR, flush } from "./fake_xhr";

const RUNS = 400;
const STEPS = ["read", "cachedRead", "write", "answerOldest", "answerNewest", "abortRead"] as const;

interface Read {
  /** How many writes the caller had seen complete when it made the read. */
  writesBefore: number;
  promise: RPCPromise<{ version: number }[]>;
  heard?: number;
}

afterEach(() => vi.restoreAllMocks());

describe("generated interleavings of reads and writes", () => {
  test(`no read that started after a write completed returns a value from before it (${RUNS} runs)`, async () => {
    vi.spyOn(browser, "XMLHttpRequest", "get").mockReturnValue(FakeXHR as unknown as typeof XMLHttpRequest);
    // No timer fires here: reconnection and timeouts are not the point.
    vi.spyOn(browser, "setTimeout").mockImplementation(() => 0 as unknown as TimeoutId);
    vi.spyOn(browser, "clearTimeout").mockImplementation(() => undefined);
    vi.spyOn(browser, "indexedDB", "get").mockReturnValue(undefined);
    let answeredAfterWrite = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...STEPS), { minLength: 1, maxLength: 12 }), async (steps) => {
        FakeXHR.sent = [];
        const env = makeEnv({ rpc: { shareConnectionState: false } });
        await startServices(env, makeServiceRegistry({ notification: notificationService, rpc: rpcService, orm: ormService }));
        const orm = env.services.orm as ORM;
        /** The server's data version: the number of writes it applied. */
        let version = 0;
        /** The version each request found when it reached the server. */
        const seen = new Map<FakeXHR, number>();
        let writesCompleted = 0;
        const reads: Read[] = [];
        const pending = () => FakeXHR.sent.filter((xhr) => !xhr.done);
        const answer = (xhr: FakeXHR | undefined) => {
          if (!xhr) return;
          const { id, params } = JSON.parse(xhr.body) as { id: number; params: { method: string } };
          if (params.method === "write") {
            version++;
            xhr.respond(200, "application/json", JSON.stringify({ jsonrpc: "2.0", id, result: true }));
          } else {
            xhr.respond(200, "application/json", JSON.stringify({ jsonrpc: "2.0", id, result: [{ version: seen.get(xhr) }] }));
          }
        };
        const stamp = () => FakeXHR.sent.forEach((xhr) => {
          if (!seen.has(xhr)) seen.set(xhr, version);
        });
        for (const step of steps) {
          switch (step) {
            case "read":
            case "cachedRead": {
              const source = step === "read" ? orm : orm.cache();
              const read: Read = { writesBefore: writesCompleted, promise: source.searchRead("sale.order", [], ["name"]) as unknown as RPCPromise<{ version: number }[]> };
              read.promise.then((rows) => (read.heard = rows[0]!.version), () => undefined);
              reads.push(read);
              break;
            }
            case "write":
              orm.write("sale.order", [1], { name: "x" }).then(() => writesCompleted++, () => undefined);
              break;
            case "answerOldest": answer(pending()[0]); break;
            case "answerNewest": answer(pending().at(-1)); break;
            case "abortRead": reads.at(-1)?.promise.abort(); break;
          }
          stamp();
          await flush();
          stamp();
        }
        // Everything still under way is answered, oldest first, until nothing is left.
        while (pending().length) {
          answer(pending()[0]);
          stamp();
          await flush();
          stamp();
        }
        for (const read of reads) {
          if (read.heard === undefined) continue;
          if (read.writesBefore > 0) answeredAfterWrite++;
          expect(read.heard).toBeGreaterThanOrEqual(read.writesBefore);
        }
        await stopServices(env);
      }),
      { numRuns: RUNS, seed: 20261129 },
    );
    // Not vacuous: many reads began after a completed write and were answered.
    expect(answeredAfterWrite).toBeGreaterThan(RUNS / 5);
  }, 120_000);
});
