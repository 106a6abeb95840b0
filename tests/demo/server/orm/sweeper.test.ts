// @vitest-environment node
/** What runs out (idempotency keys, sessions, login failures) is swept on the server's own timer, never on a request's path, and the timer ends with the server. */
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { openDatabase } from "../../../../demo/server/db/database";
import { countQueries, type CountedDatabase } from "../../../../demo/server/db/query_counter";
import { SWEEP_EVERY } from "../../../../demo/server/orm/sweeper";
import { startDemoServer, type DemoServer } from "../../../../demo/server/server";
import { copySeeded, signedIn, START_TIMEOUT } from "../demo_server_helpers";

let copy: Awaited<ReturnType<typeof copySeeded>>;
let db: CountedDatabase;
let server: DemoServer;

beforeAll(async () => {
  // Only the intervals are faked: the sweep's timer is advanced by the test, everything else runs for real.
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
  copy = await copySeeded("fixed");
  db = countQueries(await openDatabase({ dataDir: copy.dataDir }));
  server = await startDemoServer({ port: 0, database: db, sleep: async () => undefined });
}, START_TIMEOUT);

afterAll(async () => {
  await server?.close();
  await db?.close();
  await copy?.remove();
  vi.useRealTimers();
}, START_TIMEOUT);

const oldKey = async (key: string) => {
  await db.query("INSERT INTO idempotency_key (uid, key, fingerprint, created_at) VALUES (1, $1, repeat('0', 64), (now() AT TIME ZONE 'UTC') - interval '25 hours')", [key]);
};
const keyCount = async (key: string) => (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM idempotency_key WHERE key = $1", [key])).rows[0]!.n;

describe("the sweep", () => {
  test("a keyed call does not sweep: the request path only applies the call", async () => {
    await oldKey("old-before-call");
    const admin = await signedIn(server, "admin");
    const reply = await admin.post("/web/dataset/call_kw/res.partner/create", { model: "res.partner", method: "create", args: [{ name: "Unswept Ltd" }], kwargs: {} }, { headers: { "Idempotency-Key": "fresh-key" } });
    expect(reply.body.result).toEqual(expect.any(Number));
    expect(await keyCount("old-before-call")).toBe(1);
  });

  test("runs on the server's timer without any request, and stops with the server", async () => {
    await oldKey("old-on-timer");
    await db.query("INSERT INTO res_users_login_failure (source, login, failures, last_at) VALUES ('192.0.2.1', 'gone', 3, 0)");
    vi.advanceTimersByTime(SWEEP_EVERY);
    await expect.poll(() => keyCount("old-on-timer")).toBe(0);
    await expect.poll(async () => (await db.query("SELECT 1 FROM res_users_login_failure WHERE login = 'gone'")).rows.length).toBe(0);
    await server.close();
    const before = db.count;
    vi.advanceTimersByTime(SWEEP_EVERY * 3);
    // A sweep would have sent its first statement synchronously from the timer's callback.
    expect(db.count).toBe(before);
  });
});
