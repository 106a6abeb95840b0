import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { SlowestFirstSequencer } from "./tests/sequencer";

/** The package's entries (package.json `exports`), as files of src/ and dist/. */
const ENTRIES = ["index", "core", "rpc", "orm", "notification", "error_display", "loading_indicator", "outbox", "bus", "session", "internal", "xml_templates"];
const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

/** The test files that run in happy-dom (no `@vitest-environment node` line) and start no demo server. */
const TESTS = fileURLToPath(new URL("./tests/", import.meta.url));
const DOM_FILES = readdirSync(TESTS, { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".test.ts") && !/@vitest-environment node|demo_server_helpers/.test(readFileSync(`${TESTS}${file}`, "utf8")))
  .map((file) => `tests/${file.replaceAll("\\", "/")}`);

/**
 * Library build (ESM, OWL external; `scripts/build_css.mjs` writes `dist/style.css`) and the test config.
 * The demo has its own config in `demo/`.
 */
export default defineConfig({
  // Tests and benchmarks import the package by its name, as users do: from src, never a stale dist.
  resolve: {
    alias: [
      { find: /^owl-services$/, replacement: src("index.ts") },
      { find: /^owl-services\/(core|rpc|orm|notification|error_display|loading_indicator|outbox|bus|session|internal|xml_templates)$/, replacement: src("$1.ts") },
      { find: /^owl-services\/(style|outbox)\.css$/, replacement: src("$1.css") },
    ],
  },
  build: {
    lib: {
      // The main entry (registers everything) and the subpath entries (register nothing), sharing
      // their modules, so one registry serves both.
      entry: Object.fromEntries(ENTRIES.map((name) => [name, `src/${name}.ts`])),
      formats: ["es"],
      fileName: (_format, name) => `${name}.js`,
    },
    rolldownOptions: {
      external: ["@odoo/owl"],
      // dist/ mirrors src/: an app's bundler keeps only the modules it reaches.
      output: { preserveModules: true, preserveModulesRoot: "src" },
    },
    sourcemap: true,
    emptyOutDir: true,
  },
  test: {
    environment: "happy-dom",
    setupFiles: ["tests/setup.ts"],
    // Three files at a time, also on a 2-core machine (vitest's default there is one): many files
    // wait on a server, a browser or a child process rather than compute (110 s against 125 s with two).
    maxWorkers: 3,
    // The slowest files first (tests/sequencer.ts): a fresh clone has no vitest cache to order them by.
    sequence: { sequencer: SlowestFirstSequencer },
    // A hung test or hook fails instead of stalling the run; the bounds fit a loaded 2-core machine.
    // They are not speed claims: speed is measured by `npm run bench`.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    // How long expect.poll waits for what a test awaits (a page's render, a server's answer): a
    // loaded machine may take seconds for what takes milliseconds when quiet.
    expect: { poll: { timeout: 20_000 } },
    typecheck: { enabled: false },
    // The files that run in happy-dom run in worker threads, which start in a fraction of a child
    // process's time: those 52 files took 74 and 72 s against 113 and 104 s in child processes
    // (`npx vitest run --project dom --pool …`, load 9-10). tests/setup.ts gives each file's
    // BroadcastChannels names of their own, as a BroadcastChannel reaches every thread of a process.
    // The others (servers, Chromium, child processes, PostgreSQL) run in child processes.
    projects: [
      { extends: true, test: { name: "dom", include: DOM_FILES, pool: "threads" } },
      // The global setup (Chromium, the dashboard's build, the seeded database) is the node files'
      // alone: set for the root too, vitest would run it once per project and once for the root.
      { extends: true, test: { name: "node", include: ["tests/**/*.test.ts"], exclude: DOM_FILES, pool: "forks", globalSetup: ["tests/global_setup.ts"] } },
    ],
  },
});
