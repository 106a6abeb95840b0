// The outbox measured in the benchmark page, against the demo server behind the bench server
// (bench/lib/bench_server.ts proxies /web/* to it): what storing an entry costs, and how fast the
// line replays what waited once the server is back.
import { getConnectionMonitor, type Env } from "owl-services";
import { outboxService } from "../../src/outbox";

export { outboxService };

/** Signs in to the demo server and gives the orm the user's context (the outbox keeps entries per user). */
export async function signIn(env: Env): Promise<number> {
  const info = await env.services.rpc<{ uid: number; user_context: Record<string, unknown> }>("/web/session/authenticate", { db: "demo", login: "admin", password: "admin" });
  env.config.orm = { ...env.config.orm, context: info.user_context };
  return info.uid;
}

function nextEvent(env: Env, name: string): Promise<CustomEvent> {
  return new Promise((resolve) => env.bus.addEventListener(name, (event) => resolve(event as CustomEvent), { once: true }));
}

/**
 * With the server away (the caller set it down and the monitor lost it): `sequential` writes kept
 * one at a time, each timed from the call to the OUTBOX:CHANGED that lists it (stored on disk,
 * strict durability), then the rest kept at once. Resolves with the milliseconds per stored entry.
 */
export async function keepWrites(env: Env, total: number, sequential: number, partnerIds: number[]): Promise<number[]> {
  const outbox = env.services.outbox;
  const write = (i: number) => {
    const id = partnerIds[i % partnerIds.length]!;
    outbox.call("res.partner", "write", [[id], { phone: `+32 2 555 ${String(i).padStart(4, "0")}` }]).catch(() => undefined);
  };
  const ms: number[] = [];
  for (let i = 0; i < sequential; i++) {
    const listed = nextEvent(env, "OUTBOX:CHANGED");
    const start = performance.now();
    write(i);
    await listed;
    ms.push(performance.now() - start);
  }
  for (let i = sequential; i < total; i++) write(i);
  while (outbox.entries().length < total) await nextEvent(env, "OUTBOX:CHANGED");
  return ms;
}

/** The server is back: ms from the monitor's retry to OUTBOX:SAVED (every entry applied), and how many it says it saved. */
export async function replay(env: Env): Promise<{ ms: number; saved: number; left: number }> {
  const saved = nextEvent(env, "OUTBOX:SAVED");
  const start = performance.now();
  getConnectionMonitor(env.services.rpc)!.retryNow();
  const event = await saved;
  return { ms: performance.now() - start, saved: (event.detail as { count: number }).count, left: env.services.outbox.entries().length };
}
