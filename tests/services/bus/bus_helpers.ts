/** The bus in an env over a fake WebSocket the test drives: it opens, receives frames and closes when told. */
import { expect, vi } from "vitest";
import { socketGlobals } from "../../../src/browser";
import { stopServices, type Config, type Env, type ServiceDefinition } from "../../../src/env";
import { busService, type BusService } from "../../../src/services/bus/bus_service";
import type { BusNotification } from "../../../src/services/bus/types";
import { notificationService } from "../../../src/services/notification/notification_service";
import type { RPCService } from "../../../src/services/rpc/rpc_function";
import { rpcService } from "../../../src/services/rpc/rpc_service";
import { makeServiceRegistry, makeTestEnv } from "../../helpers";

/** A socket as the bus sees one; the test plays the server. */
export class FakeSocket {
  readyState = 0;
  /** What the bus sent, parsed. */
  readonly sent: unknown[] = [];
  closedWith: number | undefined;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }

  close(code?: number): void {
    this.readyState = 3;
    this.closedWith = code;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }

  receive(notifications: unknown): void {
    this.onmessage?.({ data: typeof notifications === "string" ? notifications : JSON.stringify(notifications) });
  }

  /** The server closes (or the network breaks: 1006). */
  serverClose(code: number, reason = ""): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  /** The channels and last of each subscribe sent. */
  get subscribes(): { channels: string[]; last: number }[] {
    return (this.sent as { event_name: string; data: { channels: string[]; last: number } }[]).filter((frame) => frame.event_name === "subscribe").map((frame) => frame.data);
  }
}

/** Installs a fake WebSocket class; `sockets` lists every socket made, in order. */
export function fakeSockets(): FakeSocket[] {
  const sockets: FakeSocket[] = [];
  class Socket extends FakeSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
    }
  }
  vi.spyOn(socketGlobals, "WebSocket", "get").mockReturnValue(Socket as unknown as typeof WebSocket);
  return sockets;
}

/** The socket numbered `index`, once made. */
export async function socketAt(sockets: FakeSocket[], index: number): Promise<FakeSocket> {
  await vi.waitFor(() => expect(sockets.length).toBeGreaterThan(index));
  return sockets[index]!;
}

export const note = (id: number, type = "records/changed", payload: unknown = { model: "sale.order", ids: [id] }): BusNotification => ({ id, message: { type, payload: payload as never } });

export interface Tab {
  env: Env;
  bus: BusService;
  rpc: RPCService;
  /** The bus events of this env: "BUS:CONNECT", "BUS:DISCONNECT 1006", "BUS:RESET". */
  events: string[];
  /** The ids each `subscribe("records/changed")` callback got. */
  got: number[];
  stop(): Promise<void>;
}

/** An env (a tab) with notification, rpc and bus, and `services` (a session), subscribed to records/changed. */
export async function busTab(config: Config = {}, services: Record<string, ServiceDefinition> = {}): Promise<Tab> {
  const env = await makeTestEnv({ ...config, rpc: { shareConnectionState: false, ...config.rpc } }, makeServiceRegistry({ notification: notificationService, rpc: rpcService, bus: busService, ...services }));
  const events: string[] = [];
  for (const name of ["BUS:CONNECT", "BUS:DISCONNECT", "BUS:RESET"]) {
    env.bus.addEventListener(name, (event) => {
      const detail = (event as CustomEvent<{ code?: number } | undefined>).detail;
      events.push(name === "BUS:DISCONNECT" && detail?.code ? `${name} ${detail.code}` : name);
    });
  }
  const bus = env.services.bus as BusService;
  const got: number[] = [];
  bus.subscribe("records/changed", (_payload, { id }) => got.push(id));
  return { env, bus, rpc: env.services.rpc as RPCService, events, got, stop: () => stopServices(env) };
}
