// Makes every subpath entry's declarations (dist/core.d.ts, dist/orm.d.ts…) bring in the main
// entry's (dist/index.d.ts): an app that imports only subpath entries can then type its own
// services and models with `declare module "owl-services" { … }`, which TypeScript otherwise
// refuses ("Invalid module name in augmentation, module 'owl-services' cannot be found") when
// nothing in the program loads the main entry. Types only: nothing is imported at run time.
// `node scripts/link_declarations.mjs [outDir]` (default dist/), after `tsc -p tsconfig.build.json`.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const outDir = process.argv[2] ?? "dist";
const REFERENCE = '/// <reference path="./index.d.ts" />\n';
const entries = Object.keys(JSON.parse(readFileSync("package.json", "utf8")).exports)
  .map((key) => key.replace(/^\.\/?/, ""))
  .filter((name) => name && !/\.(css|json)$/.test(name));
const present = new Set(readdirSync(outDir));
for (const name of entries) {
  const file = `${name}.d.ts`;
  if (!present.has(file)) throw new Error(`link_declarations: ${join(outDir, file)} is missing (package.json exports ./${name})`);
  const path = join(outDir, file);
  const text = readFileSync(path, "utf8");
  if (!text.startsWith(REFERENCE)) writeFileSync(path, REFERENCE + text);
}
console.log(`${outDir}: ${entries.length} subpath declarations reference index.d.ts`);
