// @vitest-environment node
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const tsc = fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url));

/** `tsc --noEmit` for a project; resolves with its output, whatever the exit code. */
async function typecheck(project: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [tsc, "--noEmit", "-p", project], { cwd: root });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe("types (strict), as npm run typecheck checks them", () => {
  test.each(["tsconfig.json", "demo/tsconfig.json"])("%s compiles without an error (the library, its tests and type tests, the demo)", async (project) => {
    const { code, output } = await typecheck(project);
    expect(output).toBe("");
    expect(code).toBe(0);
    // A bound, not a speed claim: tsc takes seconds on a quiet machine, and over 60 s at a load of 28.
  }, 180_000);
});
