// The benchmarks' global setup: the tests' own (dashboard build, Chromium, seeded demo database),
// then a wait until the seeding child processes are done, so no benchmark shares the machine
// with them (they would slow the first file's measurements down).
import type { TestProject } from "vitest/node";
import setup from "../../tests/global_setup";
import { whenSeeded } from "../../tests/demo/server/seeded_database";

export default async function benchSetup(project: TestProject): Promise<() => Promise<void>> {
  const teardown = await setup(project);
  await whenSeeded(project.getProvidedContext().demoDatabase.scratch).catch(() => undefined);
  return teardown;
}
