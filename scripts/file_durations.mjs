#!/usr/bin/env node
// Writes tests/file_durations.json (each test file's seconds, slowest first) from vitest's JSON report,
// for tests/sequencer.ts, which starts the slowest files first: `npm run test:slowest`, then
// `node scripts/file_durations.mjs .vitest-results.json`. Any run's report will do: only the order counts.
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
const entries = report.testResults
  .map((result) => [relative(process.cwd(), result.name), Math.round((result.endTime - result.startTime) / 100) / 10])
  .sort((a, b) => b[1] - a[1]);
writeFileSync("tests/file_durations.json", `${JSON.stringify(Object.fromEntries(entries), null, 1)}\n`);
console.log(`tests/file_durations.json: ${entries.length} files, the slowest ${entries[0]?.[0]} (${entries[0]?.[1]} s)`);
