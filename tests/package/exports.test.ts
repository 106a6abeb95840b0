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
