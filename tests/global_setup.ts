/**
 * Runs once before the test files, and what it starts is shared by all of them:
 * - the Chromium of the browser tests (the packaged one is unpacked once, not in each worker);
 * - the demo database, migrated and seeded once (tests/demo/server/seeded_database.ts), in the
 *   background: the files that need it wait for it, the others run meanwhile;
 * - the dashboard, built once with its own Vite config (tests/demo/app/dashboard_helpers.ts serves it).
 * Each is handed to the test files by `inject()`, or why it could not be made, so the files that
 * need it fail saying so. The returned teardown removes the run's scratch folder.
 */
import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import type { TestProject } from "vitest/node";
import { findChromium } from "./find_chromium";
import { buildSeededFolders, makeScratchFolder } from "./demo/server/seeded_database";

/** What failed, as one line for the test that needs it. */
type Made<T> = T | { error: string };

declare module "vitest" {
  export interface ProvidedContext {
    chromium: Made<{ path: string }>;
    /** Where the seeded data folders are made (`whenSeeded(scratch)`) and where test files put their copies. */
    demoDatabase: { scratch: string };
    /** The dashboard's production build, to serve with `vite preview`. */
    dashboardBuild: Made<{ outDir: string }>;
  }
}

const root = fileURLToPath(new URL("..", import.meta.url));

async function attempt<T>(what: string | undefined, make: () => Promise<T>): Promise<Made<T>> {
  try {
    return await make();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { error: what ? `${what}: ${message}` : message };
  }
}

/** What a test file that needs the demo database, the dashboard or Chromium mentions. */
const NEEDS_DEMO = /useDemoServer|startTestServer|whenSeeded|copySeeded|seededFolders|demoDatabase|dashboard_helpers|browser_helpers|find_chromium|inject\("chromium"\)/;

/**
 * Whether the files this run selects may need the demo database, the dashboard or Chromium: a run
 * given only filters that select unit tests (`vitest run tests/services/orm`) skips seeding and
 * building, which cost a loaded 2-core machine more than the tests themselves. `npm test` selects
 * every file. A filter is a substring of a file's path, as vitest reads it.
 */
async function needsDemo(): Promise<boolean> {
  const filters = process.argv.slice(2).filter((arg, i, args) => !arg.startsWith("-") && arg !== "run" && !/^--(config|project|reporter|outputFile.*|pool|maxWorkers|testNamePattern|t|root|dir)$/.test(args[i - 1] ?? ""));
  if (filters.length === 0) return true;
  // Bench files too: a run of named benchmarks that drive the dashboard needs it built.
  const listed = async (folder: string, suffix: string) =>
    (await readdir(join(root, folder), { recursive: true })).filter((file) => file.endsWith(suffix)).map((file) => `${folder}/${file}`);
  const files = [...(await listed("tests", ".test.ts")), ...(await listed("bench", ".bench.ts"))];
  const selected = files.filter((file) => filters.some((filter) => `${root}${file}`.includes(filter.replace(/^\.\//, ""))));
  for (const file of selected) if (NEEDS_DEMO.test(await readFile(join(root, file), "utf8"))) return true;
  return false;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const scratch = await makeScratchFolder();
  if (!(await needsDemo())) {
    const skipped = { error: "not made: this run's file filters select no demo, browser or fault test (tests/global_setup.ts)" };
    project.provide("chromium", skipped);
    project.provide("demoDatabase", { scratch });
    project.provide("dashboardBuild", skipped);
    return () => rm(scratch, { recursive: true, force: true });
  }
  const seeding = buildSeededFolders(scratch);
  const [chromium, dashboardBuild] = await Promise.all([
    attempt(undefined, async () => ({ path: await findChromium() })),
    attempt("The dashboard could not be built", async () => {
      const outDir = join(scratch, "dashboard");
      await build({ configFile: `${root}demo/vite.config.ts`, logLevel: "silent", build: { outDir, emptyOutDir: true } });
      return { outDir };
    }),
  ]);
  project.provide("chromium", chromium);
  project.provide("demoDatabase", { scratch });
  project.provide("dashboardBuild", dashboardBuild);
  return async () => {
    await seeding;
    await rm(scratch, { recursive: true, force: true });
  };
}
