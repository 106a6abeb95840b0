// @vitest-environment node
/**
 * Odoo's `limit_time_real` on PGlite: a transaction that holds the embedded database longer than
 * `transactionTimeout`, however short each of its statements, is ended as a statement past the
 * statement timeout is (the thread stopped, the folder opened again, the transaction rolled back);
 * its caller gets TransactionTimeout (25P04) and the calls that waited are answered.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import type { DemoServer } from "../../../../demo/server/server";
import { heldUntil, signedIn, startTestServer, START_TIMEOUT } from "../demo_server_helpers";

/** Short, so the test sees the end; the default on PGlite is DEFAULT_PGLITE_TRANSACTION_TIMEOUT. */
const TRANSACTION_TIMEOUT = 1_000;
let server: DemoServer;

beforeAll(async () => {
  server = await startTestServer({ transactionTimeout: TRANSACTION_TIMEOUT });
}, START_TIMEOUT);

afterAll(async () => {
  await server?.close();
}, START_TIMEOUT);

const outcomeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "finished",
    (error: { code?: string; message: string }) => error,
  );

test("ends a transaction of many short statements held past the limit, and answers the call that waited for it", async () => {
  const sales = await signedIn(server, "sales");
  const [before] = await sales.call<{ id: number; note: string | false }[]>("sale.order", "search_read", [[]], { fields: ["note"], limit: 1, order: "id" });
  const events: string[] = [];
  const started = heldUntil();
  // Statements of a millisecond each, one after another: no statement timeout would ever fire.
  const holder = server.db.transaction(async (tx) => {
    await tx.query("UPDATE sale_order SET note = 'never kept' WHERE id = $1", [before!.id]);
    started.resolve();
    for (;;) await tx.query("SELECT 1");
  });
  const outcome = outcomeOf(holder).then((error) => {
    events.push("holder ended");
    return error;
  });
  await started.promise;
  const waiting = sales.call<{ note: string | false }[]>("sale.order", "read", [[before!.id], ["note"]]).then((rows) => {
    events.push("other user answered");
    return rows;
  });

  expect(await outcome).toMatchObject({
    code: "25P04",
    message: expect.stringMatching(new RegExp(`^terminating connection due to transaction timeout \\(transaction \\d+ held the database longer than ${TRANSACTION_TIMEOUT} ms;`)),
  });
  const [after] = await waiting;
  expect(after!.note).toBe(before!.note);
  expect(events).toEqual(["holder ended", "other user answered"]);
}, 120_000);

test("ends a transaction held idle past the limit: its next statement and its commit fail with TransactionTimeout", async () => {
  const release = heldUntil();
  const opened = heldUntil();
  let statement: unknown;
  const holder = server.db.transaction(async (tx) => {
    await tx.query("SELECT 1");
    opened.resolve();
    await release.promise;
    // Its failure kept here, not thrown: the transaction then asks to commit.
    statement = await outcomeOf(tx.query("SELECT 2"));
  });
  const outcome = outcomeOf(holder);
  await opened.promise;
  // A standalone statement waits for the held transaction, and runs once it was ended.
  const { rows } = await server.db.query<{ count: number }>("SELECT count(*)::int AS count FROM sale_order");
  expect(rows[0]!.count).toBeGreaterThan(0);
  release.resolve();
  // The commit's refusal is the transaction's outcome; its statement was refused before.
  const ended = { code: "25P04", message: expect.stringContaining("held the database longer than") };
  expect(await outcome).toMatchObject(ended);
  expect(statement).toMatchObject(ended);
  // The embedded database goes on.
  expect(await server.db.transaction((tx) => tx.query("SELECT 3 AS three"))).toMatchObject({ rows: [{ three: 3 }] });
}, 120_000);
