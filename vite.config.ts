import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

/**
 * Library build (ESM, OWL external; `scripts/build_css.mjs` writes `dist/style.css`) and the test config.
 * The demo has its own config in `demo/`.
 */
export default defineConfig({
  // Tests and benchmarks import the package by its name, as users do: from src, never a stale dist.
  resolve: {
    alias: [
      { find: /^owl-services$/, replacement: src("index.ts") },
      { find: /^owl-services\/style\.css$/, replacement: src("style.css") },
    ],
  },
  build: {
    lib: {
      entry: "src/index.ts",
      formats: ["es"],
      fileName: "index",
    },
    rolldownOptions: {
      external: ["@odoo/owl"],
    },
    sourcemap: true,
    emptyOutDir: true,
  },
  test: {
    environment: "happy-dom",
    setupFiles: ["tests/setup.ts"],
    globalSetup: ["tests/global_setup.ts"],
    include: ["tests/**/*.test.ts"],
    benchmark: { include: ["bench/**/*.bench.ts"] },
    testTimeout: 20_000,
    // tests/env_independence.test.ts forces garbage collection to prove a stopped env is not kept alive.
    execArgv: ["--expose-gc"],
    typecheck: { enabled: false },
  },
});
