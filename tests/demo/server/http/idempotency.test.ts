// @vitest-environment node
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, test } from "vitest";
import { fingerprintOf, sweepIdempotencyKeys } from "../../../../demo/server/orm/idempotency";
import { copySeeded, signedIn, startTestServer, useDemoServer, type OdooClient } from "../demo_server_helpers";

const ctx = useDemoServer();
const ROUTE = "/web/dataset/call_kw/res.partner/create";
const create = (client: OdooClient, name: string, key: string) =>
  client.post<number>(ROUTE, { model: "res.partner", method: "create", args: [{ name }], kwargs: {} }, { headers: { "Idempotency-Key": key } });
const count = (name: string) => ctx.admin.call<number>("res.partner", "search_count", [[["name", "=", name]]]);

describe("writes with an Idempotency-Key, on the demo server", () => {
  test("a key sent again gets the first answer and nothing is written twice", async () => {
    const first = await create(ctx.admin, "Once Ltd", "key-once");
    const again = await create(ctx.admin, "Once Ltd", "key-once");
    expect(first.body.result).toEqual(expect.any(Number));
    expect(again.body.result).toEqual(first.body.result);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await count("Once Ltd")).toBe(1);
  });

  test("the same key sent twice at once is applied once", async () => {
    const replies = await Promise.all([create(ctx.admin, "Twice Ltd", "key-race"), create(ctx.admin, "Twice Ltd", "key-race")]);
    expect(replies[1]!.body.result).toEqual(replies[0]!.body.result);
    expect(await count("Twice Ltd")).toBe(1);
  });

  test("a key reused for other params is refused, and nothing is done", async () => {
    await create(ctx.admin, "First Ltd", "key-reused");
    const reply = await create(ctx.admin, "Second Ltd", "key-reused");
    expect(reply.body.error!.data).toMatchObject({
      name: "odoo.exceptions.UserError",
      message: 'The Idempotency-Key "key-reused" was already used for another call: a key names one call, so nothing was done.',
    });
    expect(await count("Second Ltd")).toBe(0);
  });

  test("a call that failed is not remembered: its key may be sent again, and is applied then", async () => {
    const failed = await create(ctx.admin, "", "key-retry");
    expect(failed.body.error!.data.name).toBe("odoo.exceptions.ValidationError");
    const retried = await create(ctx.admin, "Retried Ltd", "key-retry");
    expect(retried.body.result).toEqual(expect.any(Number));
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
    expect(await count("Retried Ltd")).toBe(1);
  });

  test("keys are each user's own", async () => {
    const sales = await signedIn(ctx.server, "sales");
    await create(ctx.admin, "Shared Key Ltd", "key-user");
    const other = await create(sales, "Shared Key Ltd", "key-user");
    expect(other.headers.get("idempotent-replayed")).toBeNull();
    expect(await count("Shared Key Ltd")).toBe(2);
  });

  test("a malformed key is refused with the rule it broke", async () => {
    const reply = await create(ctx.admin, "Bad Key Ltd", "x".repeat(256));
    expect(reply.body.error!.data).toMatchObject({ name: "werkzeug.exceptions.BadRequest", message: expect.stringMatching(/^The Idempotency-Key header must be 1 to 255 visible ASCII characters/) });
    expect(await count("Bad Key Ltd")).toBe(0);
  });
});

describe("keys kept in the database", () => {
  test("a write re-sent after a server restart gets its first answer and is not applied again", async () => {
    const copy = await copySeeded("fixed");
    try {
      const first = await startTestServer({ dataDir: copy.dataDir });
      const sent = await create(await signedIn(first, "admin"), "Restarted Ltd", "key-across-restart").finally(() => first.close());
      expect(sent.body.result).toEqual(expect.any(Number));
      const second = await startTestServer({ dataDir: copy.dataDir });
      try {
        const admin = await signedIn(second, "admin");
        const again = await create(admin, "Restarted Ltd", "key-across-restart");
        expect(again.body.result).toBe(sent.body.result);
        expect(again.headers.get("idempotent-replayed")).toBe("true");
        expect(await admin.call("res.partner", "search_count", [[["name", "=", "Restarted Ltd"]]])).toBe(1);
      } finally {
        await second.close();
      }
    } finally {
      await copy.remove();
    }
  });

  test("keep a fingerprint, not the params, and forget a key older than a day", async () => {
    const admin = ctx.admin;
    const sent = await create(admin, "Fingerprinted Ltd", "key-fingerprint");
    const { rows } = await ctx.server.db.query<Record<string, unknown>>("SELECT * FROM idempotency_key WHERE key = 'key-fingerprint'");
    // The row: who, which key, the SHA-256 of the params as sent, and the answer. Nothing of the params themselves.
    expect(rows[0]).toEqual({
      uid: 1,
      key: "key-fingerprint",
      fingerprint: fingerprintOf({ model: "res.partner", method: "create", args: [{ name: "Fingerprinted Ltd" }], kwargs: {} }),
      response: JSON.stringify(sent.body.result),
      created_at: expect.anything(),
    });
    expect(JSON.stringify(rows[0])).not.toContain("Fingerprinted");
    await ctx.server.db.query("UPDATE idempotency_key SET created_at = created_at - interval '25 hours' WHERE key = 'key-fingerprint'");
    expect(await sweepIdempotencyKeys(ctx.server.db)).toBe(1);
    expect((await ctx.server.db.query("SELECT 1 FROM idempotency_key WHERE key = 'key-fingerprint'")).rows).toEqual([]);
  });

  test("memory stays bounded: 100 keyed calls of 1 MB each keep a fingerprint each, not their megabyte", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const heap = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const padding = "x".repeat(1_000_000); // under the 1 MiB body limit with the rest of the call
    const send = (i: number) =>
      ctx.admin.post<number>(ROUTE, { model: "res.partner", method: "create", args: [{ name: `Megabyte ${i}` }], kwargs: { context: { padding } } }, { headers: { "Idempotency-Key": `key-megabyte-${i}` } });
    const before = heap();
    for (let i = 0; i < 100; i += 4) {
      const replies = await Promise.all([i, i + 1, i + 2, i + 3].map(send));
      for (const reply of replies) expect(reply.body.result).toEqual(expect.any(Number));
    }
    const grown = heap() - before;
    // 100 MB went through; what stays is a row of ~200 bytes per key, in the database (a server
    // that kept each call's megabyte would have grown by 100 MB).
    expect(grown).toBeLessThan(30 * 1024 * 1024);
    const { rows } = await ctx.server.db.query<{ keys: number; longest: number }>("SELECT count(*) AS keys, max(length(fingerprint) + length(response)) AS longest FROM idempotency_key WHERE key LIKE 'key-megabyte-%'");
    expect(rows[0]).toEqual({ keys: 100, longest: expect.any(Number) });
    expect(rows[0]!.longest).toBeLessThan(200);
    // And a key sent again is still answered from its row.
    expect((await send(7)).headers.get("idempotent-replayed")).toBe("true");
  }, 120_000);
});
