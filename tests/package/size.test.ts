// @vitest-environment node
/**
 * The size budget: what an app ships from the package (bench/lib/size.ts: esbuild, minified,
 * gzipped, OWL left out) may not grow past bench/size_budget.json. `npm run bench` reports the
 * same figures, part by part.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { cssBytes, shippedBytes } from "../../bench/lib/size";
import { BASE_APP, BUS_APP, CORE_ONLY_APP, WHOLE_APP } from "../../bench/lib/size_parts";

const budget = JSON.parse(readFileSync(new URL("../../bench/size_budget.json", import.meta.url), "utf8")) as Record<string, number>;

describe("the size budget", () => {
  test("the whole package, minified and gzipped, stays within bundle_gzip_bytes", async () => {
    expect((await shippedBytes(WHOLE_APP)).gzip).toBeLessThanOrEqual(budget.bundle_gzip_bytes!);
  });

  test("the base app (core, rpc, orm, notifications) stays within base_app_gzip_bytes, and the disk cache is not in it", async () => {
    const base = await shippedBytes(BASE_APP);
    expect(base.gzip).toBeLessThanOrEqual(budget.base_app_gzip_bytes!);
    // The disk cache (IndexedDB, Web Crypto) is a chunk of its own, loaded on first disk use.
    expect(base.lazyGzip).toBeGreaterThan(1000);
  });

  test("the base app's start is one file: its lazy chunks (disk cache, live reads, web methods' checks) import no module of it", async () => {
    // A module that the start and a lazy chunk both import is split out of the start into a file
    // of its own, which every page then loads too (browser.ts was: 215 B gzip more).
    expect((await shippedBytes(BASE_APP)).files).toBe(1);
  });

  test("an app that imports only registry, makeEnv, startServices and useService from owl-services/core stays within core_only_gzip_bytes", async () => {
    const core = await shippedBytes(CORE_ONLY_APP);
    expect(core.gzip).toBeLessThanOrEqual(budget.core_only_gzip_bytes!);
    // What the core leaves out really is left out: no rpc, no notifications, no templates.
    const { gzip: withRpc } = await shippedBytes(`${CORE_ONLY_APP}\nexport { rpcService } from "owl-services/rpc";`);
    expect(withRpc - core.gzip).toBeGreaterThan(4000);
  });

  test("the bus's socket, tabs and resume are a chunk of their own, loaded on first use: its service alone is in an app's start", async () => {
    const base = await shippedBytes(BASE_APP);
    const bus = await shippedBytes(BUS_APP);
    expect(bus.lazyGzip - base.lazyGzip).toBeGreaterThan(2000);
    expect(bus.gzip - base.gzip).toBeLessThan(2000);
  });

  test("the stylesheet stays within css_gzip_bytes", async () => {
    expect((await cssBytes()).gzip).toBeLessThanOrEqual(budget.css_gzip_bytes!);
  });
});
