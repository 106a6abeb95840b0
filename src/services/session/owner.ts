/**
 * Whose data a cached read or an outbox entry is: the signed-in user and database (the `user`
 * service), else the orm's user context (`config.orm.context.uid`), for apps without sign-in.
 * Read each time it is needed: a sign-in as someone else changes it at once.
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
  return String(env.config.orm?.context?.uid ?? "");
}
