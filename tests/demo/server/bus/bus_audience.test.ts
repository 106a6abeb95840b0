// @vitest-environment node
/** The bus filters a notification once per user, not per socket: its record-rule queries are counted, not timed. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { busBounds } from "../../../../demo/server/bus/bus_store";
import { type Database, openDatabase } from "../../../../demo/server/db/database";
import { startDemoServer, type DemoServer } from "../../../../demo/server/server";
import { copySeeded, signedIn, START_TIMEOUT } from "../demo_server_helpers";
import { BusClient } from "./bus_client";

let copy: Awaited<ReturnType<typeof copySeeded>>;
let db: Database;
let server: DemoServer;
/** The SQL of every query made outside a transaction (the bus's reads are). */
const statements: string[] = [];

beforeAll(async () => {
  copy = await copySeeded("fixed");
  const opened = await openDatabase({ dataDir: copy.dataDir });
  db = { ...opened, query: (sql, params) => (statements.push(sql), opened.query(sql, params)) } as Database;
  server = await startDemoServer({ port: 0, database: db, sleep: async () => undefined });
}, START_TIMEOUT);

afterAll(async () => {
  await server?.close();
  await db?.close();
  await copy?.remove();
}, START_TIMEOUT);

test("one record-rule query per distinct user per notification, however many sockets each has, and none for a manager", async () => {
  const admin = await signedIn(server, "admin");
  const sales = await signedIn(server, "sales");
  const salesAgain = await signedIn(server, "sales");
  const joel = await signedIn(server, "joel");
  const last = (await busBounds(db)).top;
  const sockets = await Promise.all([admin, sales, sales, salesAgain, joel].map((client) => BusClient.open(server, client)));
  for (const socket of sockets) socket.subscribe(["sale.order"], last);
  const { rows } = await db.query<{ id: number }>("SELECT o.id FROM sale_order o JOIN res_users u ON u.id = o.user_id WHERE u.login IN ('sales', 'joel') AND o.state = 'draft' ORDER BY u.login, o.id LIMIT 1");
  const order = rows[0]!.id;
  statements.length = 0;
  await admin.call("sale.order", "write", [[order], { note: "counted" }]);
  // Everyone who may read it has heard of it; then a write for the others tells us they are done too.
  const owner = await db.query<{ login: string }>("SELECT u.login FROM sale_order o JOIN res_users u ON u.id = o.user_id WHERE o.id = $1", [order]);
  const hearing = owner.rows[0]!.login === "sales" ? sockets.slice(0, 4) : [sockets[0]!, sockets[4]!];
  await Promise.all(hearing.map((socket) => socket.next((n) => n.message.payload.ids?.includes(order) === true)));
  expect(statements.filter((sql) => sql.includes("jsonb_populate_recordset"))).toHaveLength(2);
  await Promise.all(sockets.map((socket) => socket.close()));
});
