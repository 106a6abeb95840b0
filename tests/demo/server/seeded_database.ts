/**
 * The demo database, seeded once per test run: a PGlite data folder per seed date, built in child
 * processes that the global setup (tests/global_setup.ts) starts without waiting for them (the
 * other test files run meanwhile), and copied by each demo-server test file
 * (tests/demo/server/demo_server_helpers.ts) once they are ready, so that a file starts from the
 * same data in well under a second and changes nothing any other file sees.
 *
 * Run as a script (`node --import tsx tests/demo/server/seeded_database.ts <folder> <ISO date>`),
 * it builds one folder: migrated, seeded up to that date, checkpointed and closed.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The seed's last day in tests: the same data on every run. */
export const SEED_UNTIL = new Date("2026-06-30T12:00:00Z");

/**
 * The seeded folders a run builds: `fixed` ends on SEED_UNTIL (what the server tests assert on),
 * `today` ends today (the dashboard's KPIs count the last 30 days).
 */
export type SeedName = "fixed" | "today";
export type SeededFolders = Record<SeedName, string>;

/** Where a run keeps its databases: a memory file system where there is one, so no test waits on a busy disk. */
export async function makeScratchFolder(): Promise<string> {
  const base = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
  return mkdtemp(join(base, "owl-services-tests-"));
}

const SELF = fileURLToPath(import.meta.url);

/** Builds one seeded folder in a child process of its own (PGlite is single-threaded: two run side by side). */
function buildInChild(folder: string, until: Date): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", SELF, folder, until.toISOString()], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`Seeding the test database in ${folder} failed (${signal ?? `exit code ${code}`}):\n${stderr.trim()}`));
    });
  });
}

/** The folders a run's seeding fills under `root`. */
export function seededFolders(root: string): SeededFolders {
  return { fixed: join(root, "seeded-fixed"), today: join(root, "seeded-today") };
}

/** Written under `root` when the seeding ended: `{}` when the folders are ready, `{ error }` when not. */
const outcomeFile = (root: string) => join(root, "seeded.json");

/**
 * Builds the `fixed` and `today` folders under `root`, side by side, then writes the outcome file
 * that `whenSeeded()` waits for. Never rejects: a failure is written there for the tests to report.
 */
export async function buildSeededFolders(root: string): Promise<void> {
  const folders = seededFolders(root);
  let outcome: { error?: string } = {};
  try {
    await Promise.all([buildInChild(folders.fixed, SEED_UNTIL), buildInChild(folders.today, new Date())]);
  } catch (error) {
    outcome = { error: error instanceof Error ? error.message : String(error) };
  }
  // Written whole, then renamed: a reader never sees half a file (it did once, as an empty one).
  await writeFile(`${outcomeFile(root)}.tmp`, JSON.stringify(outcome));
  await rename(`${outcomeFile(root)}.tmp`, outcomeFile(root));
}

/** How long a test file waits for the run's seeding (a few seconds when quiet). */
export const SEEDING_TIMEOUT = 120_000;

/** Resolves with the seeded folders once `buildSeededFolders(root)` is done; rejects with why they are not there. */
export async function whenSeeded(root: string, timeout = SEEDING_TIMEOUT): Promise<SeededFolders> {
  const giveUp = Date.now() + timeout;
  for (;;) {
    const text = await readFile(outcomeFile(root), "utf8").catch(() => undefined);
    if (text !== undefined) {
      const { error } = JSON.parse(text) as { error?: string };
      if (error) throw new Error(`The test run's demo database could not be seeded: ${error}`);
      return seededFolders(root);
    }
    if (Date.now() > giveUp) throw new Error(`The test run's demo database was not seeded within ${timeout / 1000} s (${root})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function buildFolder(folder: string, until: Date): Promise<void> {
  const { openDatabase } = await import("../../../demo/server/db/database");
  const { migrate } = await import("../../../demo/server/db/migrate");
  const { seed } = await import("../../../demo/server/db/seed");
  const db = await openDatabase({ dataDir: folder });
  try {
    // Set-up work: the transaction limit, which ends requests holding the database, does not apply.
    await db.exclusively(async () => {
      await migrate(db);
      await seed(db, { until });
    });
    // Everything in the data files, so a copy opens without replaying the log.
    await db.exec("CHECKPOINT");
  } finally {
    await db.close();
  }
}

if (process.argv[1] === SELF) {
  const [folder, date] = process.argv.slice(2);
  const until = new Date(date ?? "");
  if (!folder || Number.isNaN(until.getTime())) {
    console.error("usage: node --import tsx tests/demo/server/seeded_database.ts <folder> <ISO date>");
    process.exit(2);
  }
  await buildFolder(folder, until);
}
