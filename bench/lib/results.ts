// bench/results.json: every figure `npm run bench` measured, by key; each bench file adds its own.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const RESULTS = fileURLToPath(new URL("../results.json", import.meta.url));

/** Merges `figures` into bench/results.json (the other keys are kept). */
export function record(figures: Record<string, unknown>): void {
  const current = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, "utf8")) as Record<string, unknown>) : {};
  writeFileSync(RESULTS, `${JSON.stringify({ ...current, ...figures }, null, 2)}\n`);
}

/** The median and the spread (min, max) of several rounds, rounded to `digits`. */
export function summary(values: number[], digits = 3): { median: number; min: number; max: number; rounds: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const round = (v: number) => Number(v.toFixed(digits));
  return { median: round(median), min: round(sorted[0]!), max: round(sorted.at(-1)!), rounds: values.length };
}
