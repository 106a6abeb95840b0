// @vitest-environment node
/**
 * The package as a consumer installs it: built and packed into a temporary folder (the repo's dist/
 * is left alone), checked by publint and arethetypeswrong, and type-checked from a consumer project
 * under each moduleResolution a consumer may use.
 */
import { execFile } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = (path: string) => join(root, "node_modules", path);
const work = mkdtempSync(join(tmpdir(), "owl-services-package-"));
let tarball: string;

/** Runs a command; resolves with its exit code and output (it never rejects). */
async function run(file: string, args: string[], cwd = root): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, { cwd, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout?: string; stderr?: string; message: string };
    return { code: typeof failed.code === "number" ? failed.code : 1, output: (failed.stdout ?? "") + (failed.stderr ?? failed.message) };
  }
}

async function mustRun(file: string, args: string[], cwd = root): Promise<string> {
  const { code, output } = await run(file, args, cwd);
  if (code !== 0) throw new Error(`${[file, ...args].join(" ")} failed (${code}):\n${output}`);
  return output;
}

beforeAll(async () => {
  const pkg = join(work, "package");
  const dist = join(pkg, "dist");
  mkdirSync(dist, { recursive: true });
  await mustRun(process.execPath, [bin("vite/bin/vite.js"), "build", "--outDir", dist, "--emptyOutDir", "--logLevel", "error"]);
  await mustRun(process.execPath, [bin("typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", dist]);
  await mustRun(process.execPath, ["scripts/link_declarations.mjs", dist]);
  await mustRun(process.execPath, ["scripts/build_css.mjs", dist]);
  for (const file of ["package.json", "README.md", "LICENSE"]) copyFileSync(join(root, file), join(pkg, file));
  await mustRun("npm", ["pack", "--ignore-scripts", "--pack-destination", work], pkg);
  tarball = join(work, readdirSync(work).find((name) => name.endsWith(".tgz"))!);
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the packed package", () => {
  test("holds the built entry, its declarations and the stylesheet, and nothing of the sources or tests", async () => {
    const listing = await mustRun("tar", ["tzf", tarball]);
    const files = listing.split("\n").filter(Boolean);
    for (const file of ["package/dist/index.js", "package/dist/index.d.ts", "package/dist/style.css", "package/dist/style.css.d.ts", "package/package.json", "package/README.md", "package/LICENSE"]) {
      expect(files).toContain(file);
    }
    expect(files.filter((file) => /^package\/(src|tests|demo|bench)\//.test(file))).toEqual([]);
  });

  test("passes publint", async () => {
    const { code, output } = await run(process.execPath, [bin("publint/src/cli.js"), "run", tarball, "--strict"]);
    expect(output).toContain("All good!");
    expect(code).toBe(0);
  });

  test("passes arethetypeswrong for ESM consumers, the stylesheet entry included", async () => {
    const { code, output } = await run(process.execPath, [bin("@arethetypeswrong/cli/dist/index.js"), tarball, "--profile", "esm-only", "--format", "json"]);
    const report = JSON.parse(output) as { problems: Record<string, { entrypoint: string; resolutionKind: string }[]> };
    // ESM only: CommonJS (node16-cjs) and pre-exports resolution (node10) do not apply.
    const problems = Object.values(report.problems).flat().filter((problem) => problem.resolutionKind !== "node10" && problem.resolutionKind !== "node16-cjs");
    expect(problems).toEqual([]);
    expect(code).toBe(0);
  });

  test.each(["bundler", "node16", "nodenext"])("type-checks strict consumers under moduleResolution %s, with real types (no silent any), subpath imports only included", async (mode) => {
    const consumer = join(work, `consumer-${mode}`);
    cpSync(join(root, "tests/package/consumer"), consumer, { recursive: true });
    const modules = join(consumer, "node_modules");
    mkdirSync(join(modules, "owl-services"), { recursive: true });
    mkdirSync(join(modules, "@odoo"), { recursive: true });
    await mustRun("tar", ["xzf", tarball, "-C", join(modules, "owl-services"), "--strip-components=1"]);
    symlinkSync(bin("@odoo/owl"), join(modules, "@odoo/owl"));
    // The app importing the main entry, then one importing only subpath entries (its augmentation of "owl-services" must reach them).
    for (const project of [`tsconfig.${mode}.json`, `tsconfig.subpaths.${mode}.json`]) {
      const { code, output } = await run(process.execPath, [bin("typescript/bin/tsc"), "-p", project], consumer);
      expect(output, project).toBe("");
      expect(code, project).toBe(0);
    }
  });
});
