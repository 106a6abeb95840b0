/**
 * A bounded keep-alive load on the dashboard's orders calls (one page of orders with customer and
 * salesperson names, as manager): the server runs in a child process (demo_server_process.ts), the
 * loop here keeps `concurrency` requests in flight on as many sockets.
 * ORDERS_SERVER_ARGS adds Node options to the server's process, to profile it under this load:
 * `ORDERS_SERVER_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"`.
 */
import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";
import { PAGE_SIZE } from "../../demo/app/constants";
import { ROW_SPEC } from "../../demo/app/specifications";
import { startServerProcess, type ServerProcess } from "./server_process";

const SERVER = fileURLToPath(new URL("./demo_server_process.ts", import.meta.url));
const CONTEXT = { lang: "en_US", tz: "Europe/Brussels", uid: 2 };

/**
 * The first page of orders through `search_read`, as the orders table asked for it before it moved
 * to `web_search_read` (#27): flat fields, customer and salesperson as `[id, name]` pairs, no count.
 * The baseline the web_search_read figures are read against.
 */
export const ORDERS_CALL = {
  jsonrpc: "2.0",
  method: "call",
  params: {
    model: "sale.order",
    method: "search_read",
    args: [],
    kwargs: {
      domain: [],
      fields: ["name", "date_order", "partner_id", "user_id", "amount_total", "state", "write_date", "note"],
      offset: 0,
      limit: PAGE_SIZE,
      order: "date_order desc",
      context: CONTEXT,
    },
  },
};

/**
 * The first page of orders as the dashboard's orders table asks for it now: `web_search_read` with
 * its specification (ROW_SPEC: customer and salesperson as `{ id, display_name }`) and `length`, the count.
 */
export const WEB_ORDERS_CALL = {
  jsonrpc: "2.0",
  method: "call",
  params: {
    model: "sale.order",
    method: "web_search_read",
    args: [],
    kwargs: { domain: [], specification: ROW_SPEC, offset: 0, limit: PAGE_SIZE, order: "date_order desc", context: CONTEXT },
  },
};

/** A call the load repeats. */
export type OrdersCall = typeof ORDERS_CALL | typeof WEB_ORDERS_CALL;

/** Starts the demo server in a process of its own (`ask("queries")`: its database round trips so far), on PostgreSQL (DATABASE_URL) or PGlite (DEMO_DATA_DIR). */
export function startOrdersServer(env: { DATABASE_URL?: string; DEMO_DATA_DIR?: string }): Promise<ServerProcess> {
  return startServerProcess(SERVER, env, process.env.ORDERS_SERVER_ARGS?.split(" ") ?? []);
}

function post(agent: Agent, url: string, path: string, body: string, cookie?: string): Promise<{ status: number; text: string; setCookie: string[] }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) };
    if (cookie) headers.cookie = cookie;
    const req = request(`${url}${path}`, { method: "POST", agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8"), setCookie: res.headers["set-cookie"] ?? [] }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Signs in and answers the session cookie. */
export async function signIn(url: string, login = "admin", password = login): Promise<string> {
  const agent = new Agent({ keepAlive: false });
  const reply = await post(agent, url, "/web/session/authenticate", JSON.stringify({ jsonrpc: "2.0", method: "call", params: { db: "demo", login, password } }));
  const cookie = reply.setCookie.map((line) => line.split(";")[0]).find((pair) => pair?.startsWith("session_id="));
  if (!cookie) throw new Error(`Signing in as ${login} failed: ${reply.text}`);
  return cookie;
}

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Keeps `concurrency` orders calls (`call`, the search_read one by default) in flight for `ms`; every answer must hold rows. */
export async function loadOrders(url: string, cookie: string, concurrency: number, ms: number, call: OrdersCall = ORDERS_CALL): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const body = JSON.stringify(call);
  const route = `/web/dataset/call_kw/${call.params.model}/${call.params.method}`;
  // The start of a good answer: a page that is not empty.
  const answered = call.params.method === "web_search_read" ? '"records":[{' : '"result":[{';
  const latencies: number[] = [];
  const start = performance.now();
  const end = start + ms;
  const worker = async () => {
    while (performance.now() < end) {
      const sent = performance.now();
      const reply = await post(agent, url, route, body, cookie);
      latencies.push(performance.now() - sent);
      if (reply.status !== 200 || !reply.text.includes(answered)) throw new Error(`The orders call failed: ${reply.status} ${reply.text.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - start;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { requests: latencies.length, perSecond: (latencies.length * 1000) / elapsed, p50Ms: at(0.5), p99Ms: at(0.99) };
}
