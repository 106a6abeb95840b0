// @vitest-environment node
/**
 * DATABASE_URL: the same schema, seed and errors on a real PostgreSQL server, started here in a
 * temporary cluster from Debian's `postgresql` package. Where that server is not installed the test
 * is skipped and says why (install it with `apt-get install postgresql`).
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DemoServer } from "../../../../demo/server/server";
import { SEED_ORDER_COUNT } from "../../../../demo/server/db/seed";
import { signedIn, startTestServer } from "../demo_server_helpers";

function findPostgresBin(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "postgres"))).sort((a, b) => Number(b) - Number(a));
  return versions[0] && join(root, versions[0], "bin");
}

const bin = findPostgresBin();
const asRoot = process.getuid?.() === 0;
if (!bin) console.warn("tests/demo/server/db/postgres.test.ts: no PostgreSQL server here (apt-get install postgresql); the DATABASE_URL path is not tested on this machine.");

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe.skipIf(!bin)("the demo server on a real PostgreSQL (DATABASE_URL)", () => {
  let dir: string;
  let server: DemoServer;
  // PostgreSQL refuses to run as root: run it as the `postgres` user the package creates.
  const run = (command: string, args: string[]) =>
    execFileSync(asRoot ? "runuser" : join(bin!, command), asRoot ? ["-u", "postgres", "--", join(bin!, command), ...args] : args, { stdio: "pipe" });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "owl-services-pg-"));
    chmodSync(dir, 0o777);
    const data = join(dir, "data");
    run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
    const port = await freePort();
    run("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "-w", "start"]);
    server = await startTestServer({ databaseUrl: `postgres://postgres@127.0.0.1:${port}/postgres` });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    try {
      run("pg_ctl", ["-D", join(dir, "data"), "-m", "immediate", "-w", "stop"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  test("migrates and seeds the same data, and answers the same calls", async () => {
    expect(server.db.description).toMatch(/^postgresql \(127\.0\.0\.1:\d+\/postgres\)$/);
    const admin = await signedIn(server, "admin");
    expect(await admin.call("sale.order", "search_count", [[]])).toBe(SEED_ORDER_COUNT);
    const groups = await admin.call<Record<string, unknown>[]>("sale.order", "read_group", [[["state", "=", "sale"]], ["amount_total:sum"], ["date_order:month"]], { orderby: "date_order:month desc", limit: 1 });
    expect(groups[0]).toMatchObject({ "date_order:month": "June 2026", __range: { "date_order:month": { from: "2026-06-01 00:00:00" } } });
    const [order] = await admin.call<{ date_order: string; amount_total: number }[]>("sale.order", "read", [[1], ["date_order", "amount_total"]]);
    expect(order!.date_order).toMatch(/^2024-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(typeof order!.amount_total).toBe("number");
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
