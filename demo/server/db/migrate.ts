import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Database } from "./database";

// A path from the module's own path (no URL object: a test DOM may replace the global URL).
const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "migrations");

/** Applies the SQL files of `migrations/` not applied yet, in name order, each in its own transaction. */
export async function migrate(db: Database): Promise<string[]> {
  await db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (name varchar PRIMARY KEY, applied_at timestamp NOT NULL DEFAULT now())");
  const { rows } = await db.query<{ name: string }>("SELECT name FROM schema_migrations");
  const applied = new Set(rows.map((row) => row.name));
  const pending = (await readdir(MIGRATIONS_DIR)).filter((name) => name.endsWith(".sql") && !applied.has(name)).sort();
  for (const name of pending) {
    const sql = await readFile(join(MIGRATIONS_DIR, name), "utf8");
    try {
      // The name comes from our own folder listing (*.sql), not from a request.
      await db.exec(`BEGIN;\n${sql}\nINSERT INTO schema_migrations (name) VALUES ('${name.replace(/'/g, "''")}');\nCOMMIT;`);
    } catch (error) {
      await db.exec("ROLLBACK").catch(() => undefined);
      throw new Error(`Migration ${name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  return pending;
}
