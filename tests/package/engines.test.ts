// @vitest-environment node
/** The Node the README asks for runs what `npm ci` installs: no package in the lock wants a newer one. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

test("every package in the lock accepts Node 20.19 (npm ci prints no EBADENGINE warning)", () => {
  const ours = (JSON.parse(readFileSync(`${ROOT}package.json`, "utf8")) as { engines: { node: string } }).engines.node;
  expect(ours).toBe(">=20.19");
  const lock = JSON.parse(readFileSync(`${ROOT}package-lock.json`, "utf8")) as { packages: Record<string, { engines?: { node?: string } | string[] }> };
  const refusing = Object.entries(lock.packages)
    .map(([path, entry]) => [path.replace(/^.*node_modules\//, ""), Array.isArray(entry.engines) ? undefined : entry.engines?.node] as const)
    .filter(([, range]) => range !== undefined && /^>=\s*v?(2[1-9]|[3-9]\d)/.test(range.trim()))
    .map(([name, range]) => `${name} wants Node ${range}`);
  expect(refusing).toEqual([]);
});
