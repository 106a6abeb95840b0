// @vitest-environment node
/**
 * PGlite runs in a worker thread: a statement that runs long (WebAssembly cannot be interrupted)
 * holds that thread, not the server's. Past the statement timeout, the thread is ended and the data
 * folder opened again, as after a crash, and the statement's caller gets QueryCanceled.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import type { DemoServer } from "../../../../demo/server/server";
import { signedIn, startTestServer, START_TIMEOUT } from "../demo_server_helpers";

/** Short, so the test sees the cancel; the default is 30 s. */
const STATEMENT_TIMEOUT = 2_000;
let server: DemoServer;

beforeAll(async () => {
  server = await startTestServer({ statementTimeout: STATEMENT_TIMEOUT });
}, START_TIMEOUT);

afterAll(async () => {
  await server?.close();
}, START_TIMEOUT);

test("another request is answered while a statement holds the database, which is canceled past the timeout and comes back with its data", async () => {
  const admin = await signedIn(server, "admin");
  const [before] = await admin.call<{ id: number; name: string }[]>("sale.order", "search_read", [[]], { fields: ["name"], limit: 1, order: "id" });
  // An update whose transaction is still open when its statement runs long: rolled back by the cancel.
  const slow = server.db.transaction(async (tx) => {
    await tx.query("UPDATE sale_order SET note = 'never kept' WHERE id = $1", [before!.id]);
    await tx.query("SELECT pg_sleep(600)");
  });
  const outcome = slow.then(
    () => "finished",
    (error: { code?: string; message: string }) => error,
  );
  let settled = false;
  void outcome.then(() => (settled = true));

  // The server's own thread is free: it answers while the statement runs.
  const health = await fetch(`${server.url}/web/health`);
  expect(await health.json()).toEqual({ status: "pass" });
  expect(settled).toBe(false);
  // A call needing the database waits for it, and is answered once the database is back.
  const queued = admin.call<{ note: string | false }[]>("sale.order", "read", [[before!.id], ["note"]]);

  expect(await outcome).toMatchObject({ code: "57014", message: expect.stringContaining(`ran longer than ${STATEMENT_TIMEOUT} ms`) });
  const [after] = await queued;
  expect(after!.note).not.toBe("never kept");
  expect(await admin.call("sale.order", "search_count", [[]])).toBeGreaterThan(0);
}, 120_000);
