/**
 * The demo server in tests: on port 0, on a copy of the run's seeded PGlite folder (built once by
 * tests/global_setup.ts), talked to as an Odoo JSON-RPC client would.
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, inject } from "vitest";
import { startDemoServer, type DemoServer, type DemoServerOptions } from "../../../demo/server/server";
import { SEED_UNTIL, SEEDING_TIMEOUT, whenSeeded, type SeedName } from "./seeded_database";

export { SEED_UNTIL };

/**
 * A server's start-up, for a beforeAll on a busy 2-core machine: a copy and an open take well under
 * a second when quiet, after the run's seeding (SEEDING_TIMEOUT at most) for the first files.
 */
export const START_TIMEOUT = SEEDING_TIMEOUT + 60_000;

export interface TestServerOptions extends Omit<DemoServerOptions, "database" | "dataDir" | "seed" | "port"> {
  /** Which seeded data to start from (default "fixed": orders up to SEED_UNTIL). Ignored with `databaseUrl`. */
  data?: SeedName;
  /** A PGlite folder of the test's own (from `copySeeded`), opened as it is and left in place: a restart. */
  dataDir?: string;
  /** With `databaseUrl`: how many orders its first start seeds (default SEED_ORDER_COUNT). */
  seedOrders?: number;
}

/** The run's copy of `data`, removed by `remove()` once the server that opened it is closed. */
export async function copySeeded(data: SeedName): Promise<{ dataDir: string; remove(): Promise<void> }> {
  const { scratch } = inject("demoDatabase");
  const folders = await whenSeeded(scratch);
  const dataDir = await mkdtemp(join(scratch, `${data}-`));
  const remove = () => rm(dataDir, { recursive: true, force: true });
  await cp(folders[data], dataDir, { recursive: true }).catch(async (error: unknown) => {
    await remove();
    throw error;
  });
  return { dataDir, remove };
}

/**
 * Starts the demo server on port 0 with slow methods answering at once (pass `sleep` for real
 * durations). On PGlite it opens a copy of the seeded folder; with `databaseUrl`, it migrates and
 * seeds that database up to SEED_UNTIL.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<DemoServer> {
  const { data = "fixed", seedOrders, ...rest } = options;
  const base: DemoServerOptions = { port: 0, sleep: async () => undefined, ...rest };
  if (options.databaseUrl) return startDemoServer({ ...base, seed: { until: SEED_UNTIL, ...(seedOrders === undefined ? {} : { orders: seedOrders }) } });
  // A folder the test owns (a restart on the same data): opened as it is, left to the test.
  if (options.dataDir) return startDemoServer(base);
  const copy = await copySeeded(data);
  const server = await startDemoServer({ ...base, dataDir: copy.dataDir }).catch(async (error: unknown) => {
    await copy.remove();
    throw error;
  });
  const close = server.close.bind(server);
  server.close = async () => {
    try {
      await close();
    } finally {
      await copy.remove();
    }
  };
  return server;
}

export interface OdooErrorBody {
  code: number;
  message: string;
  data: { name: string; message: string; arguments: unknown[]; context: Record<string, unknown>; debug: string };
}
export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  body: { jsonrpc: "2.0"; id: unknown; result?: T; error?: OdooErrorBody };
}

/** Thrown by `OdooClient.call` when the server answered with an error envelope. */
export class OdooCallError extends Error {
  constructor(readonly error: OdooErrorBody) {
    super(`${error.data.name}: ${error.data.message}`);
  }
}

export class OdooClient {
  cookie = "";
  private id = 0;
  constructor(readonly url: string) {}

  async post<T = unknown>(route: string, params: unknown = {}, init: { body?: string; contentType?: string; headers?: Record<string, string> } = {}): Promise<Reply<T>> {
    const response = await fetch(this.url + route, {
      method: "POST",
      headers: { "Content-Type": init.contentType ?? "application/json", ...(this.cookie ? { Cookie: this.cookie } : {}), ...init.headers },
      body: init.body ?? JSON.stringify({ jsonrpc: "2.0", method: "call", params, id: ++this.id }),
    });
    const setCookie = response.headers.get("set-cookie");
    if (setCookie) this.cookie = setCookie.split(";")[0]!;
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: JSON.parse(text) as Reply<T>["body"] };
  }

  async login(login: string, password = login): Promise<Record<string, unknown>> {
    const reply = await this.post<Record<string, unknown>>("/web/session/authenticate", { db: "demo", login, password });
    if (reply.body.error) throw new OdooCallError(reply.body.error);
    return reply.body.result!;
  }

  /** call_kw; resolves with the result, rejects with OdooCallError. */
  async call<T = unknown>(model: string, method: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}): Promise<T> {
    const reply = await this.post<T>(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs });
    if (reply.body.error) throw new OdooCallError(reply.body.error);
    return reply.body.result as T;
  }

  /** The error envelope of a call that must fail. */
  async fail(model: string, method: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}): Promise<OdooErrorBody> {
    const error = await this.call(model, method, args, kwargs).then(
      (result) => {
        throw new Error(`${model}.${method} was expected to fail, got ${JSON.stringify(result)}`);
      },
      (e: unknown) => e,
    );
    if (!(error instanceof OdooCallError)) throw error;
    return error.error;
  }
}

export async function signedIn(server: DemoServer, login: string): Promise<OdooClient> {
  const client = new OdooClient(server.url);
  await client.login(login);
  return client;
}

/** What `useDemoServer()` gives a test file: filled before its first test. */
export interface DemoServerContext {
  readonly server: DemoServer;
  /** Signed in as admin (a manager). */
  readonly admin: OdooClient;
}

/**
 * A demo server and a client signed in as admin for a test file: started before its tests (after
 * which the file's own `beforeAll`s run), closed after them, whatever part of the start-up failed.
 */
export function useDemoServer(options: TestServerOptions = {}): DemoServerContext {
  const context = {} as { server: DemoServer; admin: OdooClient };
  beforeAll(async () => {
    context.server = await startTestServer(options);
    context.admin = await signedIn(context.server, "admin");
  }, START_TIMEOUT);
  afterAll(async () => {
    await context.server?.close();
  }, START_TIMEOUT);
  return context;
}

/** A promise and its resolve, for a test that holds something until it lets it go (node environment: no DOM helpers). */
export function heldUntil(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}
