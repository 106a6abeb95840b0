/**
 * What piles up in the database and has a lifetime (idempotency keys, sessions that ran out, login
 * failures) is swept on a timer the server starts and stops, never on a request's path.
 */
import { sweepBus } from "../bus/bus_store";
import type { Database } from "../db/database";
import type { SessionStore } from "../models/http_session";
import { sweepLoginFailures } from "../models/res_users_login";
import { sweepIdempotencyKeys } from "./idempotency";

/** How often what ran out is swept (ms). */
export const SWEEP_EVERY = 60_000;

export interface Sweeper {
  /** Stops the timer and waits for a sweep under way. */
  stop(): Promise<void>;
}

/**
 * Sweeps every `every` ms (0: never), bus notifications older than `busRetention` ms included; a
 * failed sweep is reported to `onError` and tried again next time.
 */
export function startSweeper(db: Database, sessions: SessionStore, { every, busRetention }: { every: number; busRetention: number }, onError: (error: unknown) => void): Sweeper {
  let running: Promise<void> | undefined;
  const sweep = async () => {
    await sweepIdempotencyKeys(db);
    await sessions.sweep();
    await sweepLoginFailures(db);
    await sweepBus(db, busRetention);
  };
  const timer = every > 0 ? setInterval(() => {
    running ??= sweep().catch(onError).finally(() => (running = undefined));
  }, every) : undefined;
  timer?.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
