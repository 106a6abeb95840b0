/**
 * The bus against a real WebSocket server (`ws`, port 0) with `ws`'s client class in browser.ts's
 * place (Node 20 has no global WebSocket): subscribe, notifications, a broken connection noticed by
 * the monitor and resumed from the last id, and a session close.
 */
import { WebSocket as NodeSocket, WebSocketServer, type WebSocket as ServerSocket } from "ws";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { socketGlobals } from "../../../src/browser";
import { setPageURL, startJsonRpcServer, type JsonRpcServer } from "../../helpers";
import { busTab, note, type Tab } from "./bus_helpers";

interface Peer {
  socket: ServerSocket;
  /** The subscribe frames this socket sent. */
  subscribes: { channels: string[]; last: number }[];
}

let wss: WebSocketServer;
let http: JsonRpcServer;
let peers: Peer[];
let tab: Tab | undefined;
/** Sockets the bus made: counted as it makes them (a server sees a connection only later). */
let made: number;

beforeEach(async () => {
  localStorage.clear();
  peers = [];
  wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
  wss.on("connection", (socket) => {
    const peer: Peer = { socket, subscribes: [] };
    peers.push(peer);
    socket.on("message", (data) => {
      const frame = JSON.parse(String(data)) as { event_name: string; data: Peer["subscribes"][number] };
      if (frame.event_name === "subscribe") peer.subscribes.push(frame.data);
    });
  });
  // The heartbeat the connection monitor polls while the connection is lost.
  http = await startJsonRpcServer({ "/web/webclient/version_info": () => ({ result: { server_version: "17.0" } }) });
  setPageURL(`${http.url}/odoo`);
  made = 0;
  class Counted extends NodeSocket {
    constructor(...args: ConstructorParameters<typeof NodeSocket>) {
      super(...args);
      made++;
    }
  }
  vi.spyOn(socketGlobals, "WebSocket", "get").mockReturnValue(Counted as unknown as typeof WebSocket);
});

afterEach(async () => {
  await tab?.stop();
  tab = undefined;
  vi.restoreAllMocks();
  for (const client of wss.clients) client.terminate();
  await new Promise((resolve) => wss.close(resolve));
  await http.close();
});

async function peerAt(index: number, subscribes = 1): Promise<Peer> {
  await vi.waitFor(() => expect(peers[index]?.subscribes.length).toBeGreaterThanOrEqual(subscribes));
  return peers[index]!;
}

describe("the bus over a real WebSocket", () => {
  test("subscribes, gets notifications, and after the connection breaks resumes from the last id once the server answers", async () => {
    const { port } = wss.address() as { port: number };
    tab = await busTab({ bus: { url: `ws://127.0.0.1:${port}/websocket` }, rpc: { reconnectDelay: 50, reconnectMaxDelay: 200 } });
    tab.bus.addChannel("sale.order");
    const first = await peerAt(0);
    expect(first.subscribes.at(-1)).toEqual({ channels: ["sale.order"], last: 0 });
    first.socket.send(JSON.stringify([note(1), note(2)]));
    await vi.waitFor(() => expect(tab!.got).toEqual([1, 2]));
    const monitor = tab.rpc.layers.client.monitor;
    const lost = vi.spyOn(monitor, "reportLost");
    first.socket.terminate();
    // The monitor hears of it at once, polls the heartbeat, and the socket opens again.
    const second = await peerAt(1);
    expect(lost).toHaveBeenCalledTimes(1);
    expect(second.subscribes[0]).toEqual({ channels: ["sale.order"], last: 2 });
    second.socket.send(JSON.stringify([note(2), note(3)]));
    await vi.waitFor(() => expect(tab!.got).toEqual([1, 2, 3]));
    expect(tab.events).toEqual(["BUS:CONNECT", "BUS:DISCONNECT 1006", "BUS:CONNECT"]);
  });

  test("a server that refuses the connection: the socket tries again on the rpc's schedule and subscribes once the server listens", async () => {
    const { port } = wss.address() as { port: number };
    await new Promise((resolve) => wss.close(resolve));
    tab = await busTab({ bus: { url: `ws://127.0.0.1:${port}/websocket` }, rpc: { reconnectDelay: 50, reconnectMaxDelay: 200 } });
    tab.bus.addChannel("sale.order");
    await vi.waitFor(() => expect(tab!.bus.state).toBe("disconnected"));
    wss = new WebSocketServer({ port, host: "127.0.0.1" });
    wss.on("connection", (socket) => {
      const peer: Peer = { socket, subscribes: [] };
      peers.push(peer);
      socket.on("message", (data) => peer.subscribes.push((JSON.parse(String(data)) as { data: Peer["subscribes"][number] }).data));
    });
    expect((await peerAt(0)).subscribes[0]).toEqual({ channels: ["sale.order"], last: 0 });
    expect(tab.bus.state).toBe("connected");
  });

  test("a close for the session (4001) is not followed by a reconnection while the session stays the same", async () => {
    const { port } = wss.address() as { port: number };
    tab = await busTab({ bus: { url: `ws://127.0.0.1:${port}/websocket` }, rpc: { reconnectDelay: 50, reconnectMaxDelay: 200 } });
    tab.bus.addChannel("sale.order");
    const first = await peerAt(0);
    first.socket.close(4001, "session expired");
    await vi.waitFor(() => expect(tab!.events).toEqual(["BUS:CONNECT", "BUS:DISCONNECT 4001"]));
    // A call's loss and the server's answer come and go: still no socket.
    tab.rpc.layers.client.monitor.reportLost();
    await vi.waitFor(() => expect(tab!.rpc.layers.client.monitor.state).toBe("online"));
    // A socket opened on "restored" would have been made at that event, before the server saw it.
    expect(made).toBe(1);
    expect(peers).toHaveLength(1);
    expect(tab.bus.state).toBe("disconnected");
  });
});
