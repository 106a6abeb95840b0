// @vitest-environment node
/**
 * Applied once, whatever fails: 200 creates, each with its own Idempotency-Key, sent again until
 * they are answered, while the demo server (a process of its own) is killed with SIGKILL at
 * random moments and started again on the same data. Every create is then there exactly once,
 * and every answered one still is. On PGlite (its data folder) and on PostgreSQL.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import { OdooClient, copySeeded } from "./demo_server_helpers";
import { postgresBin, startCluster, type Cluster } from "./db/postgres_cluster";
import { freePort } from "../../free_port";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const CREATES = 200;
const KILLS = 5;

/** The demo server as `npm run demo:server` runs it, on `port`; resolves once it listens. */
function startProcess(port: number, env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "demo/server/main.ts"], { cwd: ROOT, env: { ...process.env, DEMO_PORT: String(port), ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Demo server on")) resolve(child);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`the demo server exited (${String(code)}) before listening:\n${output.slice(-2000)}`)));
  });
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });

/** The server the creates go to: `up` resolves while it listens, and is replaced by the next start's before a kill. */
interface Target {
  up: Promise<void>;
}

/**
 * One create, sent again with its key until the server answers it. A connection refused or cut is
 * not an answer: the send waits for the server to listen again (the next start), then goes again.
 */
async function createUntilAnswered(client: OdooClient, target: Target, index: number): Promise<number> {
  for (;;) {
    const reply = await client
      .post<number>("/web/dataset/call_kw/res.partner/create", { model: "res.partner", method: "create", args: [{ name: `Crash ${index}` }], kwargs: {} }, { headers: { "Idempotency-Key": `crash-${index}` } })
      .catch(() => undefined);
    if (reply?.body.error) throw new Error(`create ${index} was refused: ${reply.body.error.data.message}`);
    if (typeof reply?.body.result === "number") return reply.body.result;
    // Cut off by a kill: the start after it is announced before the kill, so this waits for it.
    await target.up;
  }
}

/** The answers so far, and a promise for the moment they number `count`. */
class Answers extends Map<number, number> {
  private readonly waiting: { count: number; resolve(): void }[] = [];
  override set(index: number, id: number): this {
    super.set(index, id);
    for (const waiter of this.waiting.filter((candidate) => this.size >= candidate.count)) waiter.resolve();
    return this;
  }
  reach(count: number): Promise<void> {
    return this.size >= count ? Promise.resolve() : new Promise((resolve) => this.waiting.push({ count, resolve }));
  }
}

async function crashRun(env: Record<string, string>): Promise<void> {
  const port = await freePort();
  let server = await startProcess(port, env);
  const target: Target = { up: Promise.resolve() };
  const client = new OdooClient(`http://127.0.0.1:${port}`);
  try {
    await client.login("admin");
    const answered = new Answers();
    let next = 0;
    const worker = async () => {
      while (next < CREATES) {
        const index = next++;
        answered.set(index, await createUntilAnswered(client, target, index));
      }
    };
    const sending = Promise.all([worker(), worker(), worker(), worker()]);
    // Kill it at random moments while the creates go on (after a random number of answers, so
    // always mid-stream, with requests in flight), and start it again on the same data.
    const thresholds = Array.from({ length: KILLS }, () => 10 + Math.floor(Math.random() * (CREATES - 20))).sort((a, b) => a - b);
    let kills = 0;
    for (const threshold of thresholds) {
      await answered.reach(threshold);
      let listening!: () => void;
      target.up = new Promise((resolve) => (listening = resolve));
      await killed(server);
      kills++;
      server = await startProcess(port, env);
      listening();
    }
    await sending;
    expect(kills).toBe(KILLS);
    const rows = await client.call<{ id: number; name: string }[]>("res.partner", "search_read", [[["name", "like", "Crash %"]], ["name"]]);
    const byName = new Map<string, number[]>();
    for (const row of rows) byName.set(row.name, [...(byName.get(row.name) ?? []), row.id]);
    const twice = [...byName].filter(([, ids]) => ids.length > 1).map(([name]) => name);
    const missing = [...answered].filter(([index, id]) => byName.get(`Crash ${index}`)?.[0] !== id).map(([index]) => index);
    expect({ created: rows.length, twice, missing }).toEqual({ created: CREATES, twice: [], missing: [] });
  } finally {
    await killed(server);
  }
}

test.each(["0", "1e3"])("a DEMO_SEED_ORDERS of %j stops the server, and a reset before it drops anything, naming it", async (value) => {
  const port = await freePort();
  const env = { DEMO_SEED_ORDERS: value, DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" };
  const message = `DEMO_SEED_ORDERS must be a whole number of orders from 1 to 100000, got "${value}"`;
  await expect(startProcess(port, env)).rejects.toThrow(message);
  // demo:reset: the value is refused before the database is reached (here, none listens).
  const reset = spawnSync(process.execPath, ["--import", "tsx", "demo/server/main.ts", "--reset"], { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8" });
  expect(reset.status).not.toBe(0);
  expect(reset.stderr).toContain(message);
});

describe("writes applied once across crashes", () => {
  test("on PGlite: SIGKILL at random moments during 200 keyed creates, each applied exactly once and none lost", async () => {
    const copy = await copySeeded("fixed");
    try {
      await crashRun({ DEMO_DATA_DIR: copy.dataDir });
    } finally {
      await copy.remove();
    }
  }, 300_000);

  const bin = postgresBin();
  let cluster: Cluster | undefined;
  afterAll(() => cluster?.stop());
  test.skipIf(!bin)("on PostgreSQL: the same", async () => {
    cluster = await startCluster(bin!);
    // Its first start seeds the database: the creates need its users, not 3,000 orders.
    await crashRun({ DATABASE_URL: cluster.url(), DEMO_SEED_ORDERS: "20" });
  }, 300_000);
});
