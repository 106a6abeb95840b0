/**
 * Runs once before the test files: finds the Chromium of the browser tests (unpacking the packaged
 * one once, not in each worker at the same time) and hands its path, or why there is none, to them.
 */
import type { TestProject } from "vitest/node";
import { findChromium } from "./find_chromium";

declare module "vitest" {
  export interface ProvidedContext {
    chromium: { path: string } | { error: string };
  }
}

export default async function setup(project: TestProject): Promise<void> {
  try {
    project.provide("chromium", { path: await findChromium() });
  } catch (error) {
    project.provide("chromium", { error: error instanceof Error ? error.message : String(error) });
  }
}
