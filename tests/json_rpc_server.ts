import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** What a route handler answers. */
export type Reply =
  | { result: unknown }
  | { error: { code?: number; message?: string; data?: Record<string, unknown>; type?: string } }
  /** Anything else, byte for byte. */
  | { raw: { status?: number; contentType?: string; body: string } }
  /** Closes the socket without answering (a reset connection). */
  | { destroy: true }
  /** Never answers (until the server closes). */
  | { hang: true };

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: { jsonrpc?: string; method?: string; params?: Record<string, unknown>; id?: number } | undefined;
}

export type Handler = (params: Record<string, unknown>, request: RecordedRequest) => Reply | Promise<Reply>;

export interface JsonRpcServer {
  /** The origin, e.g. http://127.0.0.1:43210 */
  url: string;
  routes: Map<string, Handler>;
  requests: RecordedRequest[];
  /** "up": routes answer; "reset": every request's socket is destroyed; a number: every request gets that status as HTML. */
  mode: "up" | "reset" | number;
  requestsTo(path: string): RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A real JSON-RPC server on a free port of 127.0.0.1, answering like Odoo: `{jsonrpc, id, result}`
 * or `{jsonrpc, id, error}` with HTTP 200. Unknown routes get Odoo's 404-as-JSON-RPC error.
 */
export async function startJsonRpcServer(routes: Record<string, Handler> = {}): Promise<JsonRpcServer> {
  const handlers = new Map(Object.entries(routes));
  handlers.set("/web/webclient/version_info", handlers.get("/web/webclient/version_info") ?? (() => ({ result: { server_version: "17.0" } })));
  const hanging = new Set<() => void>();
  const state: JsonRpcServer = {
    url: "",
    routes: handlers,
    requests: [],
    mode: "up",
    requestsTo: (path) => state.requests.filter((r) => r.url === path),
    close: () =>
      new Promise<void>((resolve) => {
        hanging.forEach((end) => {
          end();
        });
        server.closeIdleConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", async () => {
      let json: RecordedRequest["json"];
      try {
        json = JSON.parse(body) as RecordedRequest["json"];
      } catch {
        json = undefined;
      }
      const recorded: RecordedRequest = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, json };
      state.requests.push(recorded);
      if (state.mode === "reset") return void req.socket.destroy();
      if (typeof state.mode === "number") {
        res.writeHead(state.mode, { "Content-Type": "text/html; charset=utf-8" });
        return void res.end(`<html><body><h1>${state.mode} Service Unavailable</h1></body></html>`);
      }
      const handler = handlers.get(recorded.url.split("?")[0]!);
      let reply: Reply;
      try {
        reply = handler
          ? await handler(json?.params ?? {}, recorded)
          : { error: { code: 404, message: "404: Not Found", data: { name: "werkzeug.exceptions.NotFound", message: `Route ${recorded.url} not found`, debug: "" } } };
      } catch (error) {
        reply = { error: { code: 200, message: "Odoo Server Error", data: { name: "builtins.Exception", message: String(error), debug: String((error as Error).stack) } } };
      }
      if ("destroy" in reply) return void req.socket.destroy();
      if ("hang" in reply) {
        // Ended quietly at close: an aborted client has stopped listening anyway.
        return void hanging.add(() => res.writableEnded || res.end());
      }
      if ("raw" in reply) {
        res.writeHead(reply.raw.status ?? 200, reply.raw.contentType ? { "Content-Type": reply.raw.contentType } : {});
        return void res.end(reply.raw.body);
      }
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ jsonrpc: "2.0", id: json?.id ?? null, ...reply }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
