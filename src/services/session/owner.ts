/**
 * Whose data a cached read or an outbox entry is: "db|uid" of the signed-in user (the `user`
 * service), else of the orm's user context (`config.orm.context.uid`, with `config.session.db`),
 * for apps that sign in by other means; "" for nobody. Read each time it is needed: a sign-in as
 * someone else changes it at once.
 */
import type { Env } from "../../env.js";

/** What the owner is read from (the `user` service, when registered). */
interface OwnerSource {
  readonly userId: number | false;
  readonly db: string;
}

export function ownerOf(env: Env): string {
  const user = env.services.user as OwnerSource | undefined;
  if (user && user.userId !== false) return `${user.db}|${user.userId}`;
  const uid = env.config.orm?.context?.uid;
  return uid === undefined || uid === null || uid === false ? "" : `${(env.config as { session?: { db?: string } }).session?.db ?? ""}|${String(uid)}`;
}

/**
 * Whether whose data is read is known: not while the session (or user) service is registered and
 * names nobody (not asked yet, or signed out). Cached reads are not kept or served meanwhile: the
 * browser may hold anyone's session cookie.
 */
export function ownerKnown(env: Env): boolean {
  return ownerOf(env) !== "" || (env.services.user === undefined && env.services.session === undefined);
}
