// @vitest-environment node
/** What a wrong DATABASE_URL gets: a message naming the variable, its password hidden, at start-up. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { openPostgres } from "../../../../demo/server/db/postgres_adapter";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

describe("DATABASE_URL", () => {
  test("a server that cannot be reached is named by the variable, without its password", async () => {
    const error = (await openPostgres("postgres://demo:s3cret@127.0.0.1:1/demo").then(
      () => new Error("it opened"),
      (failure: unknown) => failure as Error,
    ));
    expect(error.message).toMatch(/^DATABASE_URL \(postgres:\/\/demo:\*\*\*@127\.0\.0\.1:1\/demo\) could not be used: .*ECONNREFUSED/);
    expect(error.message).not.toContain("s3cret");
  });

  test("a value that is not a postgres URL is refused before anything is tried", async () => {
    await expect(openPostgres("localhost:5432/demo")).rejects.toThrow("DATABASE_URL must start with postgres:// or postgresql://, got localhost:5432/demo");
    await expect(openPostgres("not a url")).rejects.toThrow('DATABASE_URL must be a URL such as postgres://user:password@localhost:5432/demo, got "not a url"');
  });

  test("demo:reset while the demo runs says so in one line, with no stack trace, and exits with 1", () => {
    const dir = mkdtempSync(join(tmpdir(), "demo-lock-"));
    try {
      const dataDir = join(dir, "pglite");
      // The lock of a live process: this test's own.
      writeFileSync(`${dataDir}.lock`, String(process.pid));
      const run = spawnSync(process.execPath, ["--import", "tsx", "demo/server/main.ts", "--reset"], { cwd: ROOT, env: { ...process.env, DEMO_DATA_DIR: dataDir }, encoding: "utf8", timeout: 60_000 });
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toBe(`demo server: The demo database ${dataDir} is in use by process ${process.pid} (another npm start?). Stop it first.`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
