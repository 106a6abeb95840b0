/**
 * The order test files start in: the slowest first (tests/file_durations.json, from a past run's
 * report), so that on two cores the long files (`npm start` seeding its database, the crash and
 * browser suites) do not start last and leave the run waiting on them alone. vitest's own order
 * needs a cache of past runs, which a fresh clone does not have. A file not in the table counts as
 * `UNKNOWN_SECONDS` (new files run mid-way, neither first nor last).
 */
import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import durations from "./file_durations.json" with { type: "json" };

const UNKNOWN_SECONDS = 10;
const table: Record<string, number> = durations;

export class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const seconds = (file: TestSpecification) => table[relative(file.project.config.root, file.moduleId).replaceAll("\\", "/")] ?? UNKNOWN_SECONDS;
    return [...files].sort((a, b) => seconds(b) - seconds(a));
  }
}
