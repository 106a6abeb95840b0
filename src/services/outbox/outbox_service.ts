/**
 * Registered as `outbox` (`owl-services/outbox`; the main entry does not register it): writes
 * made while the server is away are kept and applied once, in order, when it returns. The line's
 * code (IndexedDB, the queue) is loaded on first use: at the first call, or at start-up where an
 * earlier visit may have left entries.
 */
import { originMark } from "../../origin_mark.js";
import type { Env, ServiceDefinition } from "../../env.js";
import { getConnectionMonitor } from "../rpc/rpc_service.js";
import type { Outbox, OutboxPromise } from "./outbox.js";
import { makeEntry, publicView, type OutboxEntry } from "./outbox_entry.js";

export interface OutboxService {
  /** Keeps a write and sends it in its turn; settles when the server has answered it. Bad input throws (nothing kept). */
  call<T = unknown>(model: string, method: string, args?: unknown[], kwargs?: Record<string, unknown>): OutboxPromise<T>;
  /** This user's entries, oldest first: waiting, sending and failed ones. */
  entries(): OutboxEntry[];
  /** A failed entry goes back in line; `overwrite`: without its concurrency check ("keep mine"). */
  retry(id: string, options?: { overwrite?: boolean }): void;
  /** Removed for good; its promise rejects with OutboxDiscardedError. */
  discard(id: string): Promise<void>;
  /** Sends what can be sent now (otherwise on reconnection and at start-up). */
  sync(): Promise<void>;
}

declare module "../../env.js" {
  interface Services {
    outbox: OutboxService;
  }
}

/** Set once this origin kept a write: start-up then loads the line to send what waits. */
const outboxUsed = originMark("owl-services:outbox-used");

const STOP = Symbol("owl-services outbox stop");

export const outboxService: ServiceDefinition<OutboxService> = {
  dependencies: ["rpc"],
  // A destroyed component's write is still applied; only its promise never settles for it.
  async: ["call", "discard", "sync"],
  start(env: Env, deps): OutboxService {
    const { rpc } = deps;
    // The user whose entries these are: the orm's context names them, read at each step.
    const owner = () => String(env.config.orm?.context?.uid ?? "");
    let line: Outbox | undefined;
    let loading: Promise<Outbox> | undefined;
    let stopped = false;
    const load = () =>
      (loading ??= import("./outbox.js").then(async ({ Outbox, OutboxStore }) => {
        const outbox = new Outbox({
          rpc,
          bus: env.bus,
          store: new OutboxStore(),
          owner,
          monitor: getConnectionMonitor(rpc),
          // The tabs share the outbox as they share the connection state.
          channelName: env.config.rpc?.shareConnectionState === false ? undefined : "owl-services:outbox",
        });
        line = outbox;
        if (stopped) outbox.stop();
        else await outbox.start();
        return outbox;
      }));
    if (outboxUsed.mayBeSet()) void load().catch((error: unknown) => console.warn(`owl-services: the outbox could not load its entries (${String(error)})`));
    const service: OutboxService = {
      call<T>(model: string, method: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}) {
        const entry = makeEntry(owner(), model, method, args, kwargs);
        outboxUsed.set();
        const promise = load().then((outbox) => outbox.enqueue<T>(entry));
        return Object.assign(promise, { entry: publicView(entry) });
      },
      entries: () => line?.entries() ?? [],
      retry(id, options) {
        if (!line) throw new Error(`outbox: no entry ${JSON.stringify(id)} (it was applied or discarded)`);
        line.retry(id, options);
      },
      discard: async (id) => (await load()).discard(id),
      sync: async () => {
        if (line || outboxUsed.mayBeSet()) await (await load()).sync();
      },
    };
    Object.defineProperty(service, STOP, {
      value: () => {
        stopped = true;
        line?.stop();
      },
    });
    return service;
  },
  stop(service) {
    (service as unknown as { [STOP]?: () => void })[STOP]?.();
  },
};
