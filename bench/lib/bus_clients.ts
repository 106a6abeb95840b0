/**
 * The bus benchmark's server side: the demo server in a child process (bus_server.ts) and many
 * `ws` sockets on its /websocket, signed in by one session's cookie, each keeping when it got each
 * notification (epoch ms, the clock the benchmark page reads too).
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";

const SERVER = fileURLToPath(new URL("./bus_server.ts", import.meta.url));

export const epochNow = () => performance.timeOrigin + performance.now();

export interface BusServerProcess {
  url: string;
  /** The server process's heap used, after two full collections, in bytes. */
  heap(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts the demo server on the PGlite folder `dataDir` in a process of its own, with `maxSockets` sockets per session. */
export async function startBusServer(dataDir: string, maxSockets: number): Promise<BusServerProcess> {
  const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", SERVER], { env: { ...process.env, DEMO_DATA_DIR: dataDir, BUS_MAX_SOCKETS: String(maxSockets) }, stdio: "pipe" });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`The bus bench's demo server ended: ${stderr.trim().slice(-2000)}`);
    return JSON.parse(value) as Record<string, unknown>;
  };
  const { url } = (await next()) as { url: string };
  return {
    url,
    async heap() {
      child.stdin.write("heap\n");
      return (await next()).heap as number;
    },
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.stdin.end();
      }),
  };
}

/** One socket: the bus id → when it came, of every notification it got. */
export interface TimedSocket {
  ws: WebSocket;
  got: Map<number, number>;
}

/** Opens `count` sockets as the session of `cookie`, `batch` at a time, each subscribed to `channels` from `last`. */
export async function openSockets(url: string, cookie: string, count: number, channels: string[], last: number, batch = 50): Promise<TimedSocket[]> {
  const sockets: TimedSocket[] = [];
  for (let opened = 0; opened < count; opened += batch) {
    const made = await Promise.all(
      Array.from({ length: Math.min(batch, count - opened) }, () => {
        const ws = new WebSocket(`${url.replace(/^http/, "ws")}/websocket`, { headers: { Cookie: cookie } });
        const socket: TimedSocket = { ws, got: new Map() };
        ws.on("message", (data) => {
          const at = epochNow();
          for (const { id } of JSON.parse(data.toString()) as { id: number }[]) socket.got.set(id, at);
        });
        ws.on("error", () => undefined);
        return new Promise<TimedSocket>((resolve, reject) => {
          ws.once("open", () => {
            ws.send(JSON.stringify({ event_name: "subscribe", data: { channels, last } }));
            resolve(socket);
          });
          ws.once("close", (code, reason) => reject(new Error(`a bench socket closed before it opened: ${code} ${reason.toString()}`)));
        });
      }),
    );
    sockets.push(...made);
  }
  return sockets;
}

/** Resolves once `has` holds for every socket, or rejects after `timeout` ms naming how many it did not hold for. */
export async function allGot(sockets: TimedSocket[], has: (socket: TimedSocket) => boolean, timeout = 60_000): Promise<void> {
  const until = Date.now() + timeout;
  for (;;) {
    const missing = sockets.filter((socket) => !has(socket)).length;
    if (!missing) return;
    if (Date.now() > until) throw new Error(`${missing} of ${sockets.length} bench sockets did not get the notification within ${timeout / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function closeSockets(sockets: TimedSocket[]): Promise<void> {
  await Promise.all(
    sockets.map(
      ({ ws }) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === WebSocket.CLOSED) return resolve();
          ws.once("close", () => resolve());
          ws.close();
        }),
    ),
  );
}
