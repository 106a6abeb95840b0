/**
 * Generated replies (fast-check, seeded): whatever the server sends back (results too deep to
 * walk included), or however the socket drops, every call settles exactly once with a result or one
 * of the library's errors, plain, shared or cached; the bus events pair up, and a loss shows one
 * notice at most.
 */
import fc from "fast-check";
import { afterEach, describe, expect, test, vi } from "vitest";
import { browser } from "../../src/browser";
import { makeEnv, startServices, stopServices } from "../../src/env";
import { getNotificationStore, notificationService } from "../../src/services/notification/notification_service";
import { ConnectionLostError, InvalidResponseError, RPCError } from "../../src/services/rpc/errors";
import { rpcService } from "../../src/services/rpc/rpc_service";
import { makeServiceRegistry } from "../helpers";
import { FakeXHR, flush } from "./fake_xhr";

export const REPLY_RUNS = 2000;

type Reply =
  | { kind: "http"; status: number; contentType: string; body: (id: number) => string }
  | { kind: "network" };

const validJson = fc.jsonValue({ maxDepth: 3 });
const body: fc.Arbitrary<(id: number) => string> = fc.oneof(
  validJson.map((result) => (id: number) => JSON.stringify({ jsonrpc: "2.0", id, result })),
  fc.tuple(fc.integer(), fc.string(), fc.option(fc.dictionary(fc.string(), validJson), { nil: undefined })).map(
    ([code, message, data]) => (id: number) => JSON.stringify({ jsonrpc: "2.0", id, error: { code, message, data } }),
  ),
  fc.tuple(validJson, fc.integer()).map(([result, delta]) => (id: number) => JSON.stringify({ jsonrpc: "2.0", id: id + delta + 1, result })),
  validJson.map((value) => () => JSON.stringify(value)),
  fc.tuple(validJson, fc.nat()).map(([value, cut]) => (id: number) => {
    const text = JSON.stringify({ jsonrpc: "2.0", id, result: value });
    return text.slice(0, cut % Math.max(1, text.length));
  }),
  fc.constantFrom(() => "", () => "<html><body><h1>502 Bad Gateway</h1></body></html>", () => "null", () => "[]", () => `{"result":${"9".repeat(200_000)}`),
  // Deeper than any walk of the library may go: 10 KB that JSON.parse takes and a recursive copy does not.
  fc.constantFrom(300, 5000).map((depth) => (id: number) => `{"jsonrpc":"2.0","id":${id},"result":${"[".repeat(depth)}${"]".repeat(depth)}}`),
);
/** How a call asks: a plain call (a write, for this route), a shared read, a cached read. */
const SETTINGS = [{}, { kind: "read", share: true }, { cache: { type: "ram" } }] as const;
const reply: fc.Arbitrary<Reply> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("http" as const), status: fc.constantFrom(0, 200, 200, 200, 201, 400, 404, 500, 502, 503, 504), contentType: fc.constantFrom("application/json", "application/json; charset=utf-8", "text/html", ""), body }) },
  { weight: 1, arbitrary: fc.constant({ kind: "network" as const }) },
);

afterEach(() => vi.restoreAllMocks());

describe("generated replies", () => {
  test(`every call settles once with a result or a library error; events pair; one loss notice at most (${REPLY_RUNS} runs)`, async () => {
    vi.spyOn(browser, "XMLHttpRequest", "get").mockReturnValue(FakeXHR as unknown as typeof XMLHttpRequest);
    // The heartbeat poller's timers never fire here: the loss stays, as a long outage would.
    vi.spyOn(browser, "setTimeout").mockImplementation(() => 0 as unknown as ReturnType<typeof setTimeout>);
    let runsWithNotice = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(reply, fc.constantFrom(...SETTINGS)), { minLength: 1, maxLength: 4 }), async (calls) => {
        const replies = calls.map(([answer]) => answer);
        FakeXHR.sent = [];
        const env = makeEnv({ rpc: { shareConnectionState: false } });
        await startServices(env, makeServiceRegistry({ notification: notificationService, rpc: rpcService }));
        const events: string[] = [];
        for (const name of ["RPC:REQUEST", "RPC:RESPONSE"]) env.bus.addEventListener(name, () => events.push(name));
        const outcomes = replies.map(() => [] as unknown[]);
        calls.forEach(([, settings], index) => {
          env.services.rpc("/x", { n: index }, settings).then(
            (value) => outcomes[index]!.push({ value }),
            (error: unknown) => outcomes[index]!.push({ error }),
          );
        });
        await flush(); // a cached read looks in its cache before it sends
        replies.forEach((answer, index) => {
          const xhr = FakeXHR.sent.find((sent) => (JSON.parse(sent.body) as { params: { n: number } }).params.n === index)!;
          if (answer.kind === "network") xhr.fail();
          else xhr.respond(answer.status, answer.contentType, answer.body((JSON.parse(xhr.body) as { id: number }).id));
        });
        await flush();
        for (const outcome of outcomes) {
          expect(outcome).toHaveLength(1);
          const { error } = outcome[0] as { error?: unknown };
          if (error !== undefined) {
            expect(error instanceof RPCError || error instanceof ConnectionLostError || error instanceof InvalidResponseError).toBe(true);
          }
        }
        expect(events.filter((e) => e === "RPC:REQUEST")).toHaveLength(replies.length);
        expect(events.filter((e) => e === "RPC:RESPONSE")).toHaveLength(replies.length);
        const notices = getNotificationStore(env.services.notification)!.visible.filter((n) => n.className === "o_connection_lost");
        expect(notices.length).toBeLessThanOrEqual(1);
        runsWithNotice += notices.length;
        await stopServices(env);
      }),
      { numRuns: REPLY_RUNS, seed: 20261123 },
    );
    // Not vacuous: many runs lost the connection (and showed their one notice).
    expect(runsWithNotice).toBeGreaterThan(REPLY_RUNS / 10);
  }, 120_000);
});
