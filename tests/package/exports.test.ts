// @vitest-environment node
/** What the main entry offers: the documented API, no internals (those are owl-services/internal's). */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import * as main from "../../src/index";
import * as internal from "../../src/internal";

const docs = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

describe("the main entry", () => {
  test("exports at most 40 values, each one named in the README", () => {
    const names = Object.keys(main);
    expect(names.length).toBeLessThanOrEqual(40);
    expect(names.filter((name) => !new RegExp(`\\b${name}\\b`).test(docs))).toEqual([]);
  });

  test("leaves the building blocks to owl-services/internal", () => {
    for (const name of ["browser", "serializeParams", "createORM", "NotificationStore", "reconnectAt", "resolveRPCConfig", "canonicalJSON"]) {
      expect(name in main, name).toBe(false);
      expect(name in internal, name).toBe(true);
    }
  });
});

describe("the README's table of entries", () => {
  test("names every value each subpath entry exports, in that entry's row", async () => {
    const rows = new Map(
      docs
        .split("\n")
        .filter((line) => line.startsWith("| `owl-services/"))
        .map((line) => [/^\| `(owl-services\/[a-z_]+)`/.exec(line)![1]!, line] as const),
    );
    const entries = { core: await import("../../src/core"), rpc: await import("../../src/rpc"), orm: await import("../../src/orm"), notification: await import("../../src/notification"), error_display: await import("../../src/error_display"), loading_indicator: await import("../../src/loading_indicator"), outbox: await import("../../src/outbox"), bus: await import("../../src/bus"), session: await import("../../src/session") };
    const missing: string[] = [];
    for (const [entry, module] of Object.entries(entries)) {
      const row = rows.get(`owl-services/${entry}`) ?? "";
      for (const name of Object.keys(module)) if (!row.includes(`\`${name}\``)) missing.push(`owl-services/${entry}: ${name}`);
    }
    expect(missing).toEqual([]);
  });
});

