/**
 * LISTEN on PostgreSQL: a connection of its own (a pooled one goes back to the pool, and its
 * LISTEN with it), opened again when it is lost, after which its listeners are told they may have
 * missed a NOTIFY (they then read what they missed from the table, not from the NOTIFY).
 */
import pg from "pg";

/** How long the listening connection waits before it is opened again after a loss (ms). */
export const RELISTEN_DELAY = 1000;

type OnNotify = (payload: string | undefined) => void;
type OnLost = (error: Error) => void;

/** One `listen` call: its callbacks. */
interface Listener {
  onNotify: OnNotify;
  onLost: OnLost | undefined;
}

export interface PostgresListener {
  /** `onLost` is told each time the connection is lost or cannot be opened again (it is retried every RELISTEN_DELAY). */
  listen(channel: string, onNotify: OnNotify, onLost?: OnLost): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export function postgresListener(url: string): PostgresListener {
  const listeners = new Map<string, Set<Listener>>();
  /** The channels LISTENed on the current connection: each is sent once, whoever asks first. */
  const listened = new Set<string>();
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;
  const quoted = (channel: string) => `"${channel.replace(/"/g, '""')}"`;
  const each = (visit: (listener: Listener) => void) => {
    for (const set of listeners.values()) for (const listener of set) visit(listener);
  };

  const ensureListening = async (target: pg.Client, channel: string) => {
    if (listened.has(channel)) return;
    listened.add(channel);
    try {
      await target.query(`LISTEN ${quoted(channel)}`);
    } catch (error) {
      listened.delete(channel);
      throw error;
    }
  };

  const lost = (error: Error) => {
    each((listener) => listener.onLost?.(error));
    const gone = client;
    client = undefined;
    connecting = undefined;
    listened.clear();
    // pg reports a dropped connection twice (the server's FATAL, then the closed socket): the second must not go unheard.
    gone?.removeAllListeners();
    gone?.on("error", () => undefined);
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect().then(
        () => each((listener) => listener.onNotify(undefined)),
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
        for (const listener of listeners.get(message.channel) ?? []) listener.onNotify(message.payload ?? "");
      });
      listened.clear();
      await next.connect();
      for (const channel of listeners.keys()) await ensureListening(next, channel);
      client = next;
      return next;
    })().catch((error: unknown) => {
      connecting = undefined;
      throw error;
    }));

  return {
    async listen(channel, onNotify, onLost) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      const listener = { onNotify, onLost };
      set.add(listener);
      await ensureListening(await connect(), channel);
      return async () => {
        set.delete(listener);
        if (set.size || !client) return;
        listeners.delete(channel);
        listened.delete(channel);
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
