/** Starts the demo server on port 0 with PGlite in memory, and talks to it as an Odoo JSON-RPC client would. */
import { afterAll, beforeAll } from "vitest";
import { startDemoServer, type DemoServer, type DemoServerOptions } from "../../../demo/server/server";

/** The seed's last day in tests: the same data on every run. */
export const SEED_UNTIL = new Date("2026-06-30T12:00:00Z");

export async function startTestServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  return startDemoServer({ port: 0, seed: { until: SEED_UNTIL }, sleep: async () => undefined, ...options });
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

/** A demo server and a client signed in as admin for a test file: started before its tests, closed after them. */
export function useDemoServer(): { readonly server: DemoServer; readonly admin: OdooClient } {
  const context = {} as { server: DemoServer; admin: OdooClient };
  beforeAll(async () => {
    context.server = await startTestServer();
    context.admin = await signedIn(context.server, "admin");
  });
  afterAll(() => context.server?.close());
  return context;
}
