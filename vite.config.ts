import { defineConfig } from "vitest/config";

/**
 * Library build (ESM, OWL external; `scripts/build_css.mjs` writes `dist/style.css`) and the test config.
 * The demo has its own config in `demo/`.
 */
export default defineConfig({
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
    include: ["tests/**/*.test.ts"],
    benchmark: { include: ["bench/**/*.bench.ts"] },
    testTimeout: 20_000,
    typecheck: { enabled: false },
  },
});
