import { defineConfig } from "vitest/config";
import base from "./vite.config.ts";

/**
 * `npm run bench`: the files of bench/ run one after the other (they share the machine's two
 * cores and must not disturb each other), each adding its figures to bench/results.json.
 */
// Not the test projects (a bench file would run once in each, under the tests' global setup).
const { projects: _testProjects, ...shared } = base.test ?? {};

export default defineConfig({
  ...base,
  test: {
    ...shared,
    include: ["bench/**/*.bench.ts"],
    globalSetup: ["bench/lib/bench_setup.ts", "bench/lib/report_setup.ts"],
    environment: "node",
    setupFiles: [],
    fileParallelism: false,
    // Child processes with --expose-gc, as the benches were measured (the memory figures force collections).
    pool: "forks",
    execArgv: ["--expose-gc"],
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
