/**
 * Which Chromium the browser tests drive, in this order: CHROMIUM_PATH; a system Chromium or
 * Chrome; else the Chromium that `@sparticuz/chromium` (a devDependency) ships inside its npm
 * package for x64/arm64 Linux, unpacked to the temp folder on first use. Nothing is downloaded.
 */
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SYSTEM_BROWSERS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

export const NO_CHROMIUM_HELP =
  "The browser tests need a Chromium and found none. Any of these works: set CHROMIUM_PATH to a Chromium or Chrome binary; " +
  "install one (Debian/Ubuntu: apt-get install chromium); or, on x64/arm64 Linux, run npm install so that the " +
  "@sparticuz/chromium devDependency (a Chromium inside the npm package) is present.";

/** Resolves the executable, or rejects with NO_CHROMIUM_HELP and why each way failed. */
export async function findChromium(): Promise<string> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH is ${JSON.stringify(fromEnv)}, which does not exist. ${NO_CHROMIUM_HELP}`);
  }
  const system = SYSTEM_BROWSERS.find((path) => existsSync(path));
  if (system) return system;
  try {
    const { default: packaged } = await import("@sparticuz/chromium");
    // It unpacks to the temp folder and takes a file there for done as soon as it exists: two test
    // runs starting at once (several clones, a shared runner) must not unpack side by side.
    return await whileLocked(join(tmpdir(), "owl-services-chromium.lock"), () => packaged.executablePath());
  } catch (error) {
    throw new Error(`${NO_CHROMIUM_HELP} (@sparticuz/chromium: ${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
}

/** Runs `work` holding a lock folder, waiting for another process that holds it (one left by a crash goes stale). */
async function whileLocked<T>(lock: string, work: () => Promise<T>, staleAfter = 120_000): Promise<T> {
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > staleAfter) rmSync(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
