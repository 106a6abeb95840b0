/**
 * The demo server: an Odoo 17 server as its JSON-RPC clients see it, on PGlite or PostgreSQL.
 * `startDemoServer()` opens (or takes) the database, migrates and seeds it, and listens.
 */
import type { AddressInfo } from "node:net";
import { openDatabase, type Database } from "./db/database";
import { migrate } from "./db/migrate";
import { isSeeded, seed, type SeedOptions } from "./db/seed";
import { createApp, DEFAULT_REQUEST_TIMEOUT } from "./http/app";
import type { ServerContext } from "./http/context";
import { createLogger, type Logger } from "./http/logger";
import { SessionStore } from "./models/http_session";
import { BusHub } from "./bus/bus_hub";
import { type BusLimits, type CallLimits, DEFAULT_BUS_LIMITS, DEFAULT_CALL_LIMITS, type LimitOptions, resolveLimits } from "./limits";
import { createModelRegistry } from "./models/index";
import { SWEEP_EVERY } from "./orm/sweeper";

export const DEFAULT_DEMO_PORT = 8069;

/** The server's settings; the bounds of a call and of the bus are documented on CallLimits and BusLimits. */
export interface DemoServerOptions extends LimitOptions<CallLimits & BusLimits> {
  /** 0 picks a free port (tests). Default DEFAULT_DEMO_PORT. */
  port?: number;
  host?: string;
  /** An open database; else one is opened from `databaseUrl` / `dataDir` (PGlite in memory when neither). */
  database?: Database;
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** A statement running longer is canceled, in ms (default DEFAULT_STATEMENT_TIMEOUT, 30 s; 0: none). */
  statementTimeout?: number | undefined;
  /**
   * A transaction (or a statement outside one) holding the database longer is ended, in ms, as Odoo's
   * `limit_time_real` (default DEFAULT_PGLITE_TRANSACTION_TIMEOUT, 10 s, on PGlite, where it holds every
   * user; DEFAULT_TRANSACTION_TIMEOUT, 120 s, on PostgreSQL; 0: none). `/web/health` fails meanwhile.
   */
  transactionTimeout?: number | undefined;
  /** A request that has not arrived whole, headers and body, is answered 408, in ms (default DEFAULT_REQUEST_TIMEOUT, 30 s; 0: none). */
  requestTimeout?: number | undefined;
  seed?: SeedOptions;
  /** Print Odoo-style log lines (default false). */
  log?: boolean | Logger;
  /**
   * The addresses of the one proxy in front of the server (Odoo's `proxy_mode`), such as the dev
   * server's on 127.0.0.1 under `npm start`: from them, the last X-Forwarded-For address is the
   * client's (the login cooldown counts by it). Default none: the header is not believed.
   */
  trustProxy?: readonly string[] | undefined;
  /** ms between sweeps of what ran out: idempotency keys, sessions, login failures (default SWEEP_EVERY, 60 s; 0: none). */
  sweepEvery?: number;
  /** How slow methods wait; tests may shorten it. */
  sleep?: (ms: number) => Promise<void>;
}

export interface DemoServer {
  url: string;
  port: number;
  db: Database;
  /** Whether the outage switch has the server down right now. */
  readonly down: boolean;
  /** Stops listening for `ms`, then listens again on the same port. */
  startOutage(ms: number): void;
  /**
   * Extra ms before each call_kw is applied, by "model.method" (none by default): a slow link, for
   * tests and benchmarks. A promise instead holds the call until it settles.
   */
  latency: (call: string) => number | Promise<unknown>;
  /** Ends any outage now and listens again. */
  endOutage(): Promise<void>;
  close(): Promise<void>;
}

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const host = options.host ?? "127.0.0.1";
  const limits = resolveLimits(DEFAULT_CALL_LIMITS, options);
  const busLimits = resolveLimits(DEFAULT_BUS_LIMITS, options);
  const requestTimeout = options.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT;
  const { databaseUrl, dataDir, statementTimeout, transactionTimeout } = options;
  const db = options.database ?? (await openDatabase({ url: databaseUrl, dataDir, statementTimeout, transactionTimeout }));
  // Instances started at once on one PostgreSQL: one migrates and seeds, the others find it done.
  await db.exclusively(async () => {
    await migrate(db);
    if (!(await isSeeded(db))) await seed(db, options.seed);
  });

  let url = "";
  let port = options.port ?? DEFAULT_DEMO_PORT;
  let down = false;
  let outageTimer: NodeJS.Timeout | undefined;
  const logger = typeof options.log === "object" ? options.log : createLogger(options.log ?? false);
  const models = createModelRegistry();
  const bus = new BusHub({ db, models, onError: (message) => logger.warn(message) });
  const ctx: ServerContext = {
    db,
    models,
    bus,
    busLimits,
    sessions: new SessionStore(db),
    logger,
    limits,
    requestTimeout,
    selfUrl: () => url,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    startOutage: (ms) => server.startOutage(ms),
    latency: (call) => server.latency(call),
  };
  await bus.start();
  const app = await createApp(ctx, { trustProxy: options.trustProxy ?? [], sweepEvery: options.sweepEvery ?? SWEEP_EVERY });
  await app.listen({ port, host });
  port = (app.server.address() as AddressInfo).port;
  url = `http://${host}:${port}`;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      app.server.once("error", reject);
      app.server.listen(port, host, () => {
        app.server.off("error", reject);
        resolve();
      });
    });

  const server: DemoServer = {
    url,
    port,
    db,
    get down() {
      return down;
    },
    latency: () => 0,
    startOutage(ms) {
      if (down) return;
      down = true;
      logger.warn(`Outage switch: not listening for ${Number((ms / 1000).toFixed(1))} s`);
      app.server.close();
      app.server.closeAllConnections();
      // Upgraded sockets are no longer the HTTP server's: they go down with it all the same.
      bus.dropAll();
      outageTimer = setTimeout(() => void server.endOutage(), ms);
    },
    async endOutage() {
      clearTimeout(outageTimer);
      if (!down) return;
      await listen();
      down = false;
      logger.info(`Outage over: listening again on ${url}`);
    },
    async close() {
      clearTimeout(outageTimer);
      if (down) {
        down = false;
        await app.close().catch(() => undefined);
      } else {
        await app.close();
      }
      if (!options.database) await db.close();
    },
  };
  return server;
}
