/** The outbox's line over a fake rpc the test answers by hand, on fake-indexeddb. */
import { EventBus } from "@odoo/owl";
import { expect, vi } from "vitest";
import { browser } from "../../../src/browser";
import { RPCError } from "../../../src/services/rpc/errors";
import type { ConnectionEvent, ConnectionMonitor } from "../../../src/services/rpc/call/connection_monitor";
import type { RPC } from "../../../src/services/rpc/types";
import { Outbox } from "../../../src/services/outbox/outbox";
import { OutboxStore } from "../../../src/services/outbox/outbox_store";
import { makeEntry, publicView } from "../../../src/services/outbox/outbox_entry";

export interface Sent {
  route: string;
  params: { model: string; method: string; args: unknown[]; kwargs: Record<string, unknown> };
  key: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** A server the test answers by hand, and a connection monitor it can make lost and restored. */
export function fakeServer() {
  const sent: Sent[] = [];
  const rpc = ((route: string, params: Sent["params"], settings: { idempotencyKey: string }) =>
    new Promise((resolve, reject) => sent.push({ route, params, key: settings.idempotencyKey, resolve, reject }))) as unknown as RPC;
  const listeners = new Set<(event: ConnectionEvent) => void>();
  const monitor = {
    state: "online",
    subscribe: (listener: (event: ConnectionEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as ConnectionMonitor & { state: string };
  const restore = () => {
    monitor.state = "online";
    for (const listener of listeners) listener({ type: "restored" });
  };
  return { sent, rpc, monitor, restore };
}

export const serverError = (message: string, name = "odoo.exceptions.ValidationError") =>
  new RPCError({ route: "/web/dataset/call_kw", code: 200, message: "Odoo Server Error", data: { name, message, debug: "", arguments: [message], context: {} } });

export async function page(factory: IDBFactory, server: ReturnType<typeof fakeServer>, owner = "admin|demo", channelName?: string, election?: { lease: number; claim: number }) {
  vi.spyOn(browser, "indexedDB", "get").mockReturnValue(factory);
  const bus = new EventBus();
  const events: string[] = [];
  for (const name of ["OUTBOX:APPLIED", "OUTBOX:FAILED", "OUTBOX:SAVED"]) {
    bus.addEventListener(name, (ev) => events.push(name === "OUTBOX:SAVED" ? `${name} ${(ev as CustomEvent<{ count: number }>).detail.count}` : name));
  }
  const store = new OutboxStore();
  const outbox = new Outbox({ rpc: server.rpc, bus, store, owner: () => owner, monitor: server.monitor, channelName, election });
  await outbox.start();
  return { outbox, store, events };
}

/** The request numbered `index`, once sent. */
export async function request(sent: Sent[], index: number): Promise<Sent> {
  // A hand-over between tabs waits out a claim (and a lease): on a loaded machine, more than
  // waitFor's default second (CI saw "expected 1 to be greater than 1"). A bound, not a speed claim.
  await vi.waitFor(() => expect(sent.length).toBeGreaterThan(index), { timeout: 20_000 });
  return sent[index]!;
}


/** A write kept by the line as the outbox service keeps one: its entry made at the call (bad input throws), listed as `.entry`. */
export function keep<T = unknown>(outbox: Outbox, model: string, method: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}, owner = "admin|demo") {
  const entry = makeEntry(owner, model, method, args, kwargs);
  return Object.assign(outbox.enqueue<T>(entry), { entry: publicView(entry) });
}
