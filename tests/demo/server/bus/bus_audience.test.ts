// @vitest-environment node
/** The bus filters a notification once per user, not per socket: its record-rule queries are counted, not timed. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Database, openDatabase } from "../../../../demo/server/db/database";
import { countQueries } from "../../../../demo/server/db/query_counter";
import { startDemoServer, type DemoServer } from "../../../../demo/server/server";
import { copySeeded, signedIn, START_TIMEOUT } from "../demo_server_helpers";
import { BusClient } from "./bus_client";

let copy: Awaited<ReturnType<typeof copySeeded>>;
let db: Database;
let server: DemoServer;
/** The SQL of every statement, as it is sent. */
const statements: string[] = [];
/** The bus's record-rule query (bus/audience.ts), made once per user and notification when a rule applies. */
const isRecordRuleQuery = (sql: string) => sql.includes("jsonb_populate_recordset");

beforeAll(async () => {
  copy = await copySeeded("fixed");
  db = countQueries(await openDatabase({ dataDir: copy.dataDir }), (sql) => statements.push(sql));
  server = await startDemoServer({ port: 0, database: db, sleep: async () => undefined });
}, START_TIMEOUT);

afterAll(async () => {
  await server?.close();
  await db?.close();
  await copy?.remove();
}, START_TIMEOUT);

const draftOf = async (login: string) =>
  (await db.query<{ id: number }>("SELECT o.id FROM sale_order o JOIN res_users u ON u.id = o.user_id WHERE u.login = $1 AND o.state = 'draft' ORDER BY o.id LIMIT 1", [login])).rows[0]!.id;

test("one record-rule query per distinct user per notification, however many sockets each has, and none for a manager", async () => {
  const admin = await signedIn(server, "admin");
  const sales = await signedIn(server, "sales");
  const salesAgain = await signedIn(server, "sales");
  const joel = await signedIn(server, "joel");
  const marcs = await draftOf("sales");
  const joels = await draftOf("joel");
  const sockets = await Promise.all([admin, sales, sales, salesAgain, joel].map((client) => BusClient.listening(server, client, ["sale.order"])));
  // The server does not answer a subscribe: a write each socket hears proves it read every one, so
  // no subscribe's own catch-up comes after the counted write and adds its query.
  await admin.call("sale.order", "write", [[marcs, joels], { note: "subscribed" }]);
  await Promise.all(sockets.map((socket) => socket.next()));
  const from = sockets.map((socket) => socket.notifications.length);
  statements.length = 0;
  await admin.call("sale.order", "write", [[marcs], { note: "counted" }]);
  // Marc's order: the admin's socket and Marc's three hear of it. The hub sends a row once every
  // user's query is answered, so Joel's (which finds nothing) was made too.
  const hearing = sockets.slice(0, 4);
  await Promise.all(hearing.map((socket, index) => socket.next((n) => n.message.payload.ids?.includes(marcs) === true, from[index])));
  expect(statements.filter(isRecordRuleQuery)).toHaveLength(2);
  await Promise.all(sockets.map((socket) => socket.close()));
});
