#!/usr/bin/env node
// Each test file's time in a run, slowest first, from one of two reports of vitest:
// - its JSON report (`npm run test:slowest` runs the suite with it, then prints the slowest files):
//   tests only, with each file's count of tests;
// - its cache of the last runs (`node_modules/.vite/vitest/<hash>/results.json`, written by every
//   run): each file's time with its hooks (a server or a browser started in beforeAll), the better
//   measure of how long a file holds a worker.
// `--write` also writes tests/file_durations.json (file → seconds) for tests/sequencer.ts, which
// starts the slowest files first; only the order counts. `npm run test:durations` writes it from the
// cache of the runs made so far.
//   node scripts/slowest_tests.mjs [--write] [report.json] [count]
// Without a report: the newest vitest cache (node_modules/.vite/vitest/*/results.json) with --write,
// else .vitest-results.json.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const DURATIONS = "tests/file_durations.json";
const CACHE = "node_modules/.vite/vitest";

/** The newest results.json in vitest's cache folder, if any. */
function newestCache() {
  if (!existsSync(CACHE)) return undefined;
  const found = readdirSync(CACHE)
    .map((hash) => join(CACHE, hash, "results.json"))
    .filter((path) => existsSync(path))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return found[0];
}

const args = process.argv.slice(2);
const write = args.includes("--write");
const [given, count = write ? "0" : "10"] = args.filter((arg) => arg !== "--write");
const file = given ?? (write ? newestCache() : undefined) ?? ".vitest-results.json";
let report;
try {
  report = JSON.parse(readFileSync(file, "utf8"));
} catch (error) {
  console.error(`slowest_tests: cannot read vitest's report ${file}: ${error.message}`);
  process.exit(1);
}

/** Each file as { name, ms, tests } (tests: undefined in the cache, which does not count them), in the report's order. */
function filesOf(report) {
  if (Array.isArray(report.results)) {
    return report.results.map(([key, result]) => ({ name: key.slice(key.indexOf(":") + 1), ms: result.duration ?? 0, tests: undefined }));
  }
  if (Array.isArray(report.testResults)) {
    return report.testResults.map((result) => ({ name: relative(process.cwd(), result.name), ms: result.endTime - result.startTime, tests: result.assertionResults.length }));
  }
  console.error(`slowest_tests: ${file} is neither vitest's JSON report (testResults) nor its cache (results)`);
  process.exit(1);
}

const files = filesOf(report);
if (write) {
  // Tenths of a second: enough for the order, and a small diff from run to run.
  const entries = files.map(({ name, ms }) => [name, Math.round(ms / 100) / 10]).sort((a, b) => b[1] - a[1]);
  writeFileSync(DURATIONS, `${JSON.stringify(Object.fromEntries(entries), null, 1)}\n`);
  console.log(`${DURATIONS}: ${entries.length} files from ${file}, the slowest ${entries[0]?.[0]} (${entries[0]?.[1]} s)`);
}
const shown = [...files].sort((a, b) => b.ms - a.ms).slice(0, Number(count));
const width = Math.max(0, ...shown.map((entry) => entry.name.length));
for (const entry of shown) console.log(`${(entry.ms / 1000).toFixed(1).padStart(6)} s  ${entry.name.padEnd(width)}${entry.tests === undefined ? "" : `  ${entry.tests} tests`}`);
