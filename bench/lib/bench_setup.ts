// The benchmarks' global setup: the tests' own (dashboard build, Chromium, seeded demo database),
// then a wait until the seeding child processes are done, so no benchmark shares the machine
// with them (they would slow the first file's measurements down). A run of named bench files
// (`vitest run --config vitest.bench.config.ts bench/x.bench.ts`) that reach no dashboard or
// seeded database makes nothing in the tests' setup: Chromium is found here, and there is no
// seeding to wait for.
import type { TestProject } from "vitest/node";
import setup from "../../tests/global_setup";
import { findChromium } from "../../tests/find_chromium";
import { whenSeeded } from "../../tests/demo/server/seeded_database";

export default async function benchSetup(project: TestProject): Promise<() => Promise<void>> {
  const teardown = await setup(project);
  const provided = project.getProvidedContext();
  if ("error" in provided.chromium) {
    const chromium = await findChromium().then(
      (path) => ({ path }),
      (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
    );
    project.provide("chromium", chromium);
  } else {
    await whenSeeded(provided.demoDatabase.scratch).catch(() => undefined);
  }
  return teardown;
}
