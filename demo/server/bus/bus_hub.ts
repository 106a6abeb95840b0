/**
 * The bus of one instance: its sockets, and what it pushes to them. It listens to the database's
 * NOTIFY (sent by every instance's writes, at their commit), reads the new `bus_bus` rows after
 * the last id it pushed, and gives each socket the rows of its channels, each user only the ids
 * they may read. A socket that subscribes is first caught up from its `last`. Both run one at a
 * time, in order, so a socket gets every id once, increasing.
 */
import type { Database } from "../db/database";
import type { ModelRegistry, User } from "../models/base/model";
import { readableIds } from "./audience";
import { BUS_NOTIFY_CHANNEL, RECORDS_CHANGED } from "./changes";
import { BUS_PAGE, busBounds, rowsAfter, type BusMessage, type BusRow } from "./bus_store";

/** The type of the answer to a `last` the server cannot resume from: the client drops what it cached. */
export const BUS_RESET = "bus/reset";
/** How long the hub waits before reading again after a failed read (ms). */
const RETRY_DELAY = 1000;

/** One socket as the hub sees it. */
export interface BusClient {
  readonly user: User;
  readonly sessionId: string;
  channels: ReadonlySet<string>;
  /** The highest id this socket was given or passed over: it gets only what comes after. */
  sent: number;
  send(messages: BusMessage[]): void;
  /** Ends the socket with a close code. */
  close(code: number, reason: string): void;
}

/** `/demo/bus_stats`: this instance's sockets, distinct channels they listen to, and notifications pushed. */
export interface BusStats {
  sockets: number;
  channels: number;
  notifications: number;
}

/** An upgraded socket, signed in or not yet: what the hub ends when the server stops or goes down. */
export interface BusConnection {
  close(code: number, reason: string): void;
  terminate(): void;
}

export class BusHub {
  private readonly clients = new Set<BusClient>();
  /** Every upgraded socket, including those whose session is still being looked up. */
  readonly connections = new Set<BusConnection>();
  /** The highest id pushed to the live sockets. */
  private cursor = 0;
  private queue: Promise<void> = Promise.resolve();
  private pumpQueued = false;
  private notifications = 0;
  private unlisten: (() => Promise<void>) | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly deps: { db: Database; models: ModelRegistry; onError(message: string): void }) {}

  /** Listens, then starts from the newest row: what came before is for sockets that resume. */
  async start(): Promise<void> {
    // Once the connection is back, `wake()` reads what was missed meanwhile: nothing is lost, but it is said.
    const lost = (error: Error) => this.deps.onError(`The bus lost its LISTEN connection to the database (it is opened again, then what was missed is read from bus_bus): ${error.message}`);
    this.unlisten = await this.deps.db.listen(BUS_NOTIFY_CHANNEL, () => this.wake(), lost);
    this.cursor = (await busBounds(this.deps.db)).top;
  }

  add(client: BusClient): void {
    if (this.stopped) client.close(1001, "the server is shutting down");
    else this.clients.add(client);
  }

  remove(client: BusClient): void {
    this.clients.delete(client);
  }

  /** The sockets of one session on this instance. */
  socketsOf(sessionId: string): number {
    let count = 0;
    for (const client of this.clients) if (client.sessionId === sessionId) count++;
    return count;
  }

  stats(): BusStats {
    const channels = new Set<string>();
    for (const client of this.clients) for (const channel of client.channels) channels.add(channel);
    return { sockets: this.clients.size, channels: channels.size, notifications: this.notifications };
  }

  /** New rows were committed (or may have been, while the database was out of reach): read them. */
  wake(): void {
    if (this.pumpQueued || this.stopped) return;
    this.pumpQueued = true;
    this.enqueue(async () => {
      this.pumpQueued = false;
      for (;;) {
        const rows = await rowsAfter(this.deps.db, this.cursor, null);
        if (!rows.length) return;
        await this.deliver(rows, [...this.clients]);
        this.cursor = rows.at(-1)!.id;
        if (rows.length < BUS_PAGE) return;
      }
    });
  }

  /**
   * Sets the socket's channels and catches it up from `last`: the rows after it, or a reset when
   * rows after it were swept, when it is ahead of every id given out (another database, a reset one),
   * or when it is 0: a browser that never had an id may hold reads of any age on disk (a quiet visit
   * stores no id, nor one whose localStorage was cleared), so it starts from a reset at the newest id.
   */
  subscribe(client: BusClient, channels: readonly string[], last: number): Promise<void> {
    return this.enqueue(async () => {
      if (!this.clients.has(client)) return;
      try {
        await this.catchUp(client, channels, last);
      } catch (error) {
        // Its catch-up failed: it reconnects and asks again from the same `last`, so it misses nothing.
        client.close(1011, "the server could not read the notifications after last: try again");
        throw error;
      }
    });
  }

  private async catchUp(client: BusClient, channels: readonly string[], last: number): Promise<void> {
    const previous = client.channels;
    const alreadySent = client.sent;
    client.channels = new Set(channels);
    const { top, swept } = await busBounds(this.deps.db);
    if (last === 0 || last > top || last < swept) {
      client.send([{ id: top, message: { type: BUS_RESET, payload: {} } }]);
      this.notifications++;
      client.sent = top;
      return;
    }
    client.sent = last;
    for (let after = last; after < this.cursor; ) {
      const rows = await rowsAfter(this.deps.db, after, this.cursor, channels);
      if (!rows.length) break;
      // On a socket subscribing again, what it was given already is not given twice.
      await this.deliver(rows.filter((row) => row.id > alreadySent || !previous.has(row.channel)), [client]);
      after = rows.at(-1)!.id;
    }
    client.sent = Math.max(alreadySent, this.cursor);
  }

  /** Ends every socket (the outage switch: as a server that vanished, no closing handshake). */
  dropAll(): void {
    for (const connection of this.connections) connection.terminate();
    this.clients.clear();
  }

  /** Closes every socket with 1001 (going away: clients resume from their `last` elsewhere or later), and stops listening. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    for (const connection of this.connections) connection.close(1001, "the server is shutting down");
    this.clients.clear();
    await this.unlisten?.().catch(() => undefined);
    await this.queue;
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task).catch((error: unknown) => {
      this.pumpQueued = false;
      this.deps.onError(`The bus could not read its notifications (tried again in ${RETRY_DELAY / 1000} s): ${error instanceof Error ? error.message : String(error)}`);
      if (this.stopped) return;
      clearTimeout(this.retry);
      this.retry = setTimeout(() => this.wake(), RETRY_DELAY);
      this.retry.unref();
    });
    this.queue = run;
    return run;
  }

  /** Pushes `rows` to the `clients` listening to their channels, each user's ids filtered once for all their sockets. */
  private async deliver(rows: BusRow[], clients: BusClient[]): Promise<void> {
    const outbox = new Map<BusClient, BusMessage[]>();
    for (const row of rows) {
      const byUser = new Map<number, BusClient[]>();
      for (const client of clients) {
        if (client.sent >= row.id || !client.channels.has(row.channel)) continue;
        byUser.set(client.user.id, (byUser.get(client.user.id) ?? []).concat(client));
      }
      await Promise.all(
        [...byUser.values()].map(async (group) => {
          const message = await this.messageFor(group[0]!.user, row);
          if (!message) return;
          for (const client of group) outbox.set(client, (outbox.get(client) ?? []).concat(message));
        }),
      );
    }
    const last = rows.at(-1)?.id ?? 0;
    for (const client of clients) {
      const messages = outbox.get(client);
      if (messages && this.clients.has(client)) {
        client.send(messages);
        this.notifications += messages.length;
      }
      client.sent = Math.max(client.sent, last);
    }
  }

  /** The row as `user` may hear it: a `records/changed` with only the ids they may read, or nothing. */
  private async messageFor(user: User, row: BusRow): Promise<BusMessage | undefined> {
    if (row.message.type !== RECORDS_CHANGED) return { id: row.id, message: row.message };
    const ids = await readableIds(this.deps.db, this.deps.models, user, row);
    if (!ids.length) return undefined;
    return { id: row.id, message: { type: RECORDS_CHANGED, payload: { ...(row.message.payload as object), ids } } };
  }
}
