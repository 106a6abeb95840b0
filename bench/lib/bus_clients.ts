/**
 * The bus benchmark's server side: the demo server in a child process (demo_server_process.ts) and
 * many `ws` sockets on its /websocket, signed in by one session's cookie, each keeping when it got
 * each notification (epoch ms, the clock the benchmark page reads too).
 */
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { startServerProcess, type ServerProcess } from "./server_process";

const SERVER = fileURLToPath(new URL("./demo_server_process.ts", import.meta.url));

export const epochNow = () => performance.timeOrigin + performance.now();

/**
 * Starts the demo server on the PGlite folder `dataDir` in a process of its own (with --expose-gc:
 * `ask("heap")` is its heap used after two full collections), with `maxSockets` sockets per session.
 */
export function startBusServer(dataDir: string, maxSockets: number): Promise<ServerProcess> {
  return startServerProcess(SERVER, { DEMO_DATA_DIR: dataDir, BUS_MAX_SOCKETS: String(maxSockets) }, ["--expose-gc"]);
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

/**
 * Resolves once `has` holds for every socket, each checked again as it gets a message (after the
 * message is kept in `got`), or rejects after `timeout` ms naming how many it did not hold for.
 */
export function allGot(sockets: TimedSocket[], has: (socket: TimedSocket) => boolean, timeout = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const checks = new Map<TimedSocket, () => void>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const end = (error?: Error) => {
      clearTimeout(timer);
      for (const [socket, check] of checks) socket.ws.off("message", check);
      checks.clear();
      if (error) reject(error);
      else resolve();
    };
    for (const socket of sockets) {
      if (has(socket)) continue;
      // Added after openSockets' own listener, so it runs after that one has kept the message.
      const check = () => {
        if (!has(socket)) return;
        socket.ws.off("message", check);
        checks.delete(socket);
        if (!checks.size) end();
      };
      checks.set(socket, check);
      socket.ws.on("message", check);
    }
    if (!checks.size) return end();
    timer = setTimeout(() => end(new Error(`${checks.size} of ${sockets.length} bench sockets did not get the notification within ${timeout / 1000} s`)), timeout);
  });
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
