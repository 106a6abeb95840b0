// @vitest-environment node
/** A read-only method's queries see one snapshot: a READ ONLY, REPEATABLE READ transaction, opened at its first query. */
import { describe, expect, test } from "vitest";
import type { Env, ModelDef, ModelRegistry, User } from "../../../../demo/server/models/base/model";
import { createModelRegistry } from "../../../../demo/server/models/index";
import { callKw } from "../../../../demo/server/orm/call_kw";
import { DEFAULT_CALL_LIMITS, resolveLimits } from "../../../../demo/server/limits";
import { useDemoServer } from "../demo_server_helpers";

const ctx = useDemoServer();
const ADMIN: User = { id: 1, login: "admin", name: "Mitchell Admin", role: "manager", partnerId: 3, lang: "en_US", tz: "Europe/Brussels" };

/** The demo's models and a "x.probe" model whose read-only method `probe` runs `body`. */
function withProbe(body: (env: Env) => Promise<unknown>): ModelRegistry {
  const models = createModelRegistry();
  const all = { read: true, write: true, create: true, unlink: true };
  const probe: ModelDef = {
    ...models.get("res.partner"),
    name: "x.probe",
    access: { manager: all, salesperson: all },
    methods: { probe: { model: true, readonly: true, params: [], run: (env) => body(env) } },
  };
  return { get: (name) => (name === "x.probe" ? probe : models.get(name)), has: (name) => name === "x.probe" || models.has(name), all: () => [...models.all(), probe] };
}

const callProbe = (models: ModelRegistry) =>
  callKw({ db: ctx.server.db, models, user: ADMIN, carrierUrl: ctx.server.url, sleep: async () => undefined, limits: resolveLimits(DEFAULT_CALL_LIMITS, {}) }, { model: "x.probe", method: "probe", args: [], kwargs: {} });

describe("read-only methods", () => {
  test("run their queries in one READ ONLY, REPEATABLE READ transaction", async () => {
    const models = withProbe(async (env) => {
      const isolation = await env.cr.query<{ transaction_isolation: string }>("SHOW transaction_isolation");
      const readOnly = await env.cr.query<{ transaction_read_only: string }>("SHOW transaction_read_only");
      return [isolation.rows[0]!.transaction_isolation, readOnly.rows[0]!.transaction_read_only];
    });
    expect((await callProbe(models)).result).toEqual(["repeatable read", "on"]);
    const writing = withProbe((env) => env.cr.query("UPDATE res_partner SET name = name WHERE id = 1"));
    await expect(callProbe(writing)).rejects.toThrow("cannot execute UPDATE in a read-only transaction");
  });

  test("hold no transaction while they wait before their first query (a slow report does not hold the database)", async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const models = withProbe(async (env) => {
      await released;
      return (await env.cr.query<{ one: number }>("SELECT 1 AS one")).rows[0]!.one;
    });
    const call = callProbe(models);
    // Answered while the method waits: on PGlite an open transaction would hold every other query.
    expect((await ctx.server.db.query<{ one: number }>("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    release();
    expect((await call).result).toBe(1);
  });
});
