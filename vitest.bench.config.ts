import { defineConfig } from "vitest/config";
import base from "./vite.config.ts";

/**
 * `npm run bench`: the files of bench/ run one after the other (they share the machine's two
 * cores and must not disturb each other), each adding its figures to bench/results.json.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["bench/**/*.bench.ts"],
    globalSetup: ["bench/lib/bench_setup.ts", "bench/lib/report_setup.ts"],
    environment: "node",
    setupFiles: [],
    fileParallelism: false,
    // pool "forks" and execArgv ["--expose-gc"] come from vite.config.ts: child processes with
    // --expose-gc, as the benches were measured (the memory figures force collections).
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
