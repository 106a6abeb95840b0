/**
 * LISTEN on PostgreSQL: a connection of its own (a pooled one goes back to the pool, and its
 * LISTEN with it), opened again when it is lost, after which its listeners are told they may have
 * missed a NOTIFY (they then read what they missed from the table, not from the NOTIFY).
 */
import pg from "pg";

/** How long the listening connection waits before it is opened again after a loss (ms). */
export const RELISTEN_DELAY = 1000;

type OnNotify = (payload: string | undefined) => void;

export interface PostgresListener {
  listen(channel: string, onNotify: OnNotify): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export function postgresListener(url: string, onError: (error: Error) => void = () => undefined): PostgresListener {
  const listeners = new Map<string, Set<OnNotify>>();
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;
  const quoted = (channel: string) => `"${channel.replace(/"/g, '""')}"`;

  const lost = (error: Error) => {
    onError(error);
    client?.removeAllListeners();
    client = undefined;
    connecting = undefined;
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect().then(
        () => {
          for (const set of listeners.values()) for (const onNotify of set) onNotify(undefined);
        },
        (reason: Error) => lost(reason),
      );
    }, RELISTEN_DELAY);
    retry.unref();
  };

  const connect = (): Promise<pg.Client> =>
    (connecting ??= (async () => {
      const next = new pg.Client({ connectionString: url });
      next.on("error", lost);
      next.on("end", () => client === next && lost(new Error("the LISTEN connection to PostgreSQL ended")));
      next.on("notification", (message) => {
        for (const onNotify of listeners.get(message.channel) ?? []) onNotify(message.payload ?? "");
      });
      await next.connect();
      for (const channel of listeners.keys()) await next.query(`LISTEN ${quoted(channel)}`);
      client = next;
      return next;
    })().catch((error: unknown) => {
      connecting = undefined;
      throw error;
    }));

  return {
    async listen(channel, onNotify) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(onNotify);
      const current = await connect();
      if (set.size === 1) await current.query(`LISTEN ${quoted(channel)}`);
      return async () => {
        set.delete(onNotify);
        if (set.size || !client) return;
        listeners.delete(channel);
        await client.query(`UNLISTEN ${quoted(channel)}`).catch(() => undefined);
      };
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      const last = client;
      client = undefined;
      last?.removeAllListeners();
      last?.on("error", () => undefined);
      await last?.end().catch(() => undefined);
    },
  };
}
