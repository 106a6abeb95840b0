#!/usr/bin/env node
// The slowest test files of a run, from vitest's JSON report: `npm run test:slowest` runs the suite
// and prints them; `node scripts/slowest_tests.mjs <report.json> [count]` reads a report already made.
import { readFileSync } from "node:fs";
import { relative } from "node:path";

const [file = ".vitest-results.json", count = "10"] = process.argv.slice(2);
let report;
try {
  report = JSON.parse(readFileSync(file, "utf8"));
} catch (error) {
  console.error(`slowest_tests: cannot read vitest's JSON report ${file}: ${error.message}`);
  process.exit(1);
}
const files = report.testResults
  .map((result) => ({ name: relative(process.cwd(), result.name), seconds: (result.endTime - result.startTime) / 1000, tests: result.assertionResults.length }))
  .sort((a, b) => b.seconds - a.seconds)
  .slice(0, Number(count));
const width = Math.max(...files.map((entry) => entry.name.length));
for (const entry of files) console.log(`${entry.seconds.toFixed(1).padStart(6)} s  ${entry.name.padEnd(width)}  ${entry.tests} tests`);
