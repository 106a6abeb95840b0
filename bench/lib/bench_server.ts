// The benchmark page (bench/page, bundled by esbuild) served by a plain Node server, with a JSON-RPC endpoint on the same origin:
// /echo answers a small result, /big a 100 KB one, the heartbeat route counts its polls and,
// like /down, answers 503 while `down` is set (a proxy in front of a stopped server). With a
// proxy, the bus's socket (/websocket) is piped to it too, Host and Origin kept (the server checks
// that they agree), and `down` refuses it and cuts the open ones.
import { connect, type AddressInfo, type Socket } from "node:net";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Agent, createServer, request as httpRequest } from "node:http";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { DEFAULT_HEARTBEAT_ROUTE } from "../../src/services/rpc/call/rpc_options";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** A 100 KB result: 400 records of an orm read. */
const BIG_RESULT = JSON.stringify(
  Array.from({ length: 400 }, (_, i) => ({
    id: i + 1,
    name: `Partner ${i + 1} with a fairly long display name`,
    email: `partner${i + 1}@example.com`,
    phone: `+32 470 ${String(100000 + i).padStart(6, "0")}`,
    company_id: [1, "My Company (San Francisco)"],
    comment: "x".repeat(100),
  })),
);

export interface BenchServer {
  url: string;
  down: boolean;
  /** Times (ms, performance.now of this process) of the heartbeat polls received. */
  polls: number[];
  /** Cuts every piped bus socket now, as a server that vanished (no close frame). */
  cutSockets(): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

/**
 * The page's script and stylesheet: bench/page/main.ts bundled by esbuild with OWL and the library
 * from src; and the SharedWorker of bench/bus_tabs_choice.bench.ts (bench/page/bus_worker.ts), a
 * classic script of its own.
 */
async function bundlePage(): Promise<{ script: string; style: string; worker: string }> {
  const worker = build({ entryPoints: [`${root}bench/page/bus_worker.ts`], bundle: true, format: "iife", target: "es2022", minify: true, write: false, logLevel: "silent" });
  const result = await build({
    entryPoints: [`${root}bench/page/main.ts`],
    bundle: true,
    format: "esm",
    target: "es2022",
    minify: true,
    write: false,
    outdir: `${root}bench/page/out`,
    logLevel: "silent",
    alias: { "owl-services": `${root}src/index.ts`, "owl-services/style.css": `${root}src/style.css` },
  });
  const file = (ext: string) => result.outputFiles.find((output) => output.path.endsWith(ext))!.text;
  return { script: file(".js"), style: file(".css"), worker: (await worker).outputFiles[0]!.text };
}

/** 20 partners with the fields a list view reads: what the cached-hit benchmark reads. */
const PARTNERS = JSON.stringify(
  Array.from({ length: 20 }, (_, i) => ({ id: i + 1, name: `Partner ${i + 1}`, email: `partner${i + 1}@example.com`, phone: `+32 2 555 01 ${String(i).padStart(2, "0")}`, company_id: [1, "My Company"] })),
);

/** The signed-in user the page's session finds (without a proxy): cached reads are kept for a known user only. */
const SESSION_INFO = JSON.stringify({ uid: 2, db: "bench", username: "admin", user_context: { lang: "en_US", tz: "Europe/Brussels", uid: 2, allowed_company_ids: [1] } });

/** A plain Node HTTP server on a free loopback port: no framework between the page and the answers. */
export interface BenchServerOptions {
  /** A server (the demo's) that answers the /web/* routes this one does not, as a reverse proxy would; `down` stops them too. */
  proxy?: string;
}

/** Connections to the proxied server, kept open between requests (as a reverse proxy keeps them). */
const upstreamAgent = new Agent({ keepAlive: true });

/** Forwards a request to `target` as it came (method, path, headers, body) and sends its answer back. */
function forward(target: string, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? "/", target);
  const upstream = httpRequest(url, { method: req.method, headers: { ...req.headers, host: url.host }, agent: upstreamAgent }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on("error", () => {
    if (!res.headersSent) res.writeHead(502, { "Content-Type": "text/plain" });
    res.end("Bad Gateway");
  });
  req.pipe(upstream);
}

/** The upgrade request as it came (Host and Origin unchanged), for the proxied server. */
function upgradeHead(req: IncomingMessage): string {
  const lines = [`${req.method} ${req.url} HTTP/1.1`];
  for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  return `${lines.join("\r\n")}\r\n\r\n`;
}

/** Pipes the bus's upgrade to `target` byte for byte (the WebSocket is the two ends' business); none while `state.down`. */
function pipeUpgrade(target: string, state: BenchServer, sockets: Set<Socket>, req: IncomingMessage, socket: Socket, head: Buffer): void {
  if (state.down || req.url?.split("?")[0] !== "/websocket") return void socket.end("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  const { hostname, port } = new URL(target);
  const upstream = connect(Number(port), hostname, () => {
    upstream.write(upgradeHead(req));
    if (head.length) upstream.write(head);
    upstream.pipe(socket).pipe(upstream);
  });
  for (const end of [socket, upstream]) {
    sockets.add(end);
    end.on("error", () => undefined);
    end.on("close", () => {
      sockets.delete(end);
      socket.destroy();
      upstream.destroy();
    });
  }
}

export async function startBenchServer(options: BenchServerOptions = {}): Promise<BenchServer> {
  const { script, style, worker } = await bundlePage();
  const html = readFileSync(`${root}bench/page/index.html`, "utf8")
    .replace("./main.ts", "./main.js")
    .replace("</head>", '<link rel="stylesheet" href="./main.css" /></head>');
  const piped = new Set<Socket>();
  const cutSockets = () => {
    for (const socket of piped) socket.destroy();
  };
  const state: BenchServer = { url: "", down: false, polls: [], cutSockets, close: async () => {} };
  const answer = async (req: IncomingMessage, res: ServerResponse, result: string) => {
    const body = await readBody(req);
    const id = (JSON.parse(body) as { id: number }).id;
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(`{"jsonrpc":"2.0","id":${id},"result":${result}}`);
  };
  const unavailable = (res: ServerResponse) => {
    res.writeHead(503, { "Content-Type": "text/plain" });
    res.end("Service Unavailable");
  };
  const server = createServer((req, res) => {
    if (req.method === "GET") {
      const files: Record<string, [type: string, body: string]> = { "/main.js": ["text/javascript", script], "/main.css": ["text/css", style], "/bus_worker.js": ["text/javascript", worker] };
      const [type, body] = files[req.url ?? ""] ?? ["text/html", html];
      res.writeHead(200, { "Content-Type": `${type}; charset=utf-8`, "Cache-Control": "no-store" });
      return void res.end(body);
    }
    if (req.url === "/echo") return void answer(req, res, '{"ok":true}');
    if (req.url === "/big") return void answer(req, res, BIG_RESULT);
    if (req.url === "/web/dataset/call_kw/res.partner/search_read") return void answer(req, res, PARTNERS);
    if (req.url === DEFAULT_HEARTBEAT_ROUTE) {
      state.polls.push(performance.now());
      return state.down ? unavailable(res) : void answer(req, res, '{"server_version":"17.0"}');
    }
    if (req.url === "/down") return unavailable(res);
    if (!options.proxy && req.url === "/web/session/get_session_info") return void answer(req, res, SESSION_INFO);
    if (options.proxy && req.url?.startsWith("/web/")) return state.down ? unavailable(res) : forward(options.proxy, req, res);
    res.writeHead(404).end();
  });
  if (options.proxy) server.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => pipeUpgrade(options.proxy!, state, piped, req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}/`;
  state.close = () =>
    new Promise((resolve) => {
      cutSockets();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
