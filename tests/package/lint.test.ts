// @vitest-environment node
/** The linter (Biome, recommended rules, biome.json) runs with the tests: `npm test` fails on any finding. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIOME = fileURLToPath(new URL("../../node_modules/.bin/biome", import.meta.url));

describe("the linter", () => {
  test("finds nothing in src, tests, bench, demo and scripts (npm run lint shows the same)", () => {
    const run = spawnSync(BIOME, ["lint", "--error-on-warnings", "--max-diagnostics=50", "--colors=off"], { cwd: ROOT, encoding: "utf8" });
    // On failure the findings themselves are the message.
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout + run.stderr).toMatch(/Checked \d+ files/);
  });
});
