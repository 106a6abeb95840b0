#!/usr/bin/env node
// Writes tests/file_durations.json (each test file's seconds, slowest first) for tests/sequencer.ts,
// which starts the slowest files first. From vitest's own cache of a run
// (`node_modules/.vite/vitest/<hash>/results.json`: each file's time with its hooks, such as a server
// or a browser started in beforeAll) or, less well, its JSON report (`npm run test:slowest`, then
// `node scripts/file_durations.mjs .vitest-results.json`: tests only). Only the order counts.
import { readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";

const [file = ".vitest-results.json"] = process.argv.slice(2);
let report;
try {
  report = JSON.parse(readFileSync(file, "utf8"));
} catch (error) {
  console.error(`file_durations: cannot read vitest's JSON report ${file}: ${error.message}`);
  process.exit(1);
}
const seconds = (ms) => Math.round(ms / 100) / 10;
const entries = (
  Array.isArray(report.results)
    ? report.results.map(([key, result]) => [key.slice(key.indexOf(":") + 1), seconds(result.duration ?? 0)])
    : report.testResults.map((result) => [relative(process.cwd(), result.name), seconds(result.endTime - result.startTime)])
).sort((a, b) => b[1] - a[1]);
writeFileSync("tests/file_durations.json", `${JSON.stringify(Object.fromEntries(entries), null, 1)}\n`);
console.log(`tests/file_durations.json: ${entries.length} files, the slowest ${entries[0]?.[0]} (${entries[0]?.[1]} s)`);
