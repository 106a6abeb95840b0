/**
 * Registered as `outbox` (`owl-services/outbox`; the main entry does not register it): writes
 * made while the server is away are kept and applied once, in order, when it returns. The line's
 * code (IndexedDB, the queue) is loaded on first use: at the first call, or at start-up where an
 * earlier visit may have left entries.
 */
import { browser } from "../../browser.js";
import { originMark } from "../../origin_mark.js";
import type { Env, ServiceDefinition } from "../../env.js";
import type { RPCService } from "../rpc/rpc_function.js";
import { isRecord } from "../../checks.js";
import type { Outbox, OutboxPromise } from "./outbox.js";
import { makeEntry, publicView, type OutboxCallOptions, type OutboxEntry, type StoredEntry } from "./outbox_entry.js";

export interface OutboxService {
  /** Keeps a write (its kwargs.context completed with the user's, as the orm does) and sends it in its turn; settles when the server has answered it. Listed by `entries()` at once. Bad input throws (nothing kept). */
  call<T = unknown>(model: string, method: string, args?: unknown[], kwargs?: Record<string, unknown>, options?: OutboxCallOptions): OutboxPromise<T>;
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

/** How long after start-up the line's code is fetched (ms): after the app's first render. */
export const PRELOAD_DELAY = 2000;

/** The service as started: `end` undoes what `start` began (the preload, the line). */
type LiveOutbox = OutboxService & { end(): void };

/** What the outbox hears of the session, when one is registered: who signs in or out. */
interface SessionChanges {
  subscribe(listener: () => void): () => void;
}

/**
 * Calls `listener` when the signed-in user changes (the session's announcement, when it is
 * registered); returns what unsubscribes it. The outbox's one subscription to it.
 */
function onOwnerChange(env: Env, listener: () => void): () => void {
  const session = env.services.session as SessionChanges | undefined;
  return session ? session.subscribe(() => listener()) : () => undefined;
}

/** `kwargs` with the context the orm sends (the user's, then the app's, then the call's own), read at the call: lang, tz, uid. */
function withContext(env: Env, rpc: RPCService, kwargs: unknown): unknown {
  if (!isRecord(kwargs) || (kwargs.context !== undefined && !isRecord(kwargs.context))) return kwargs;
  return { ...kwargs, context: { ...rpc.layers.user.context(), ...env.config.orm?.context, ...kwargs.context } };
}

export const outboxService: ServiceDefinition<LiveOutbox> = {
  dependencies: ["rpc"],
  // A destroyed component's write is still applied; only its promise never settles for it.
  async: ["call", "discard", "sync"],
  start(env: Env, deps): LiveOutbox {
    const rpc = deps.rpc as RPCService;
    // The user whose entries these are, as the rpc knows them (the session sets it), read at each step.
    const owner = () => rpc.layers.user.owner();
    // Entries made before the line's code loaded: listed from the call on.
    const early = new Map<string, StoredEntry>();
    let line: Outbox | undefined;
    let loading: Promise<Outbox> | undefined;
    let stopped = false;
    // The line's code is fetched soon after start-up, off the start path: its first use is most
    // often with the network gone, when a chunk cannot be fetched any more. A failed fetch is tried
    // again at the next use.
    let code: Promise<typeof import("./outbox.js")> | undefined;
    const fetchCode = () =>
      (code ??= import("./outbox.js").catch((error: unknown) => {
        code = undefined;
        throw new Error(`outbox: its code could not be loaded (${error instanceof Error ? error.message : String(error)})`);
      }));
    const preload = browser.setTimeout(() => void fetchCode().catch(() => undefined), PRELOAD_DELAY);
    const load = () =>
      (loading ??= fetchCode().then(async ({ Outbox, OutboxStore }) => {
        const outbox = new Outbox({
          rpc,
          bus: env.bus,
          store: new OutboxStore(),
          owner,
          ownerChanges: (listener) => onOwnerChange(env, listener),
          monitor: rpc.layers.client.monitor,
          // The tabs share the outbox as they share the connection state.
          channelName: env.config.rpc?.shareConnectionState === false ? undefined : "owl-services:outbox",
        });
        line = outbox;
        if (stopped) outbox.stop();
        else await outbox.start();
        return outbox;
      }, (error: unknown) => {
        loading = undefined;
        throw error;
      }));
    if (outboxUsed.mayBeSet()) void load().catch((error: unknown) => console.warn(`owl-services: the outbox could not load its entries (${String(error)})`));
    const service: OutboxService = {
      call<T>(model: string, method: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}, options?: OutboxCallOptions) {
        const entry = makeEntry(owner(), model, method, args, withContext(env, rpc, kwargs), options);
        outboxUsed.set();
        early.set(entry.id, entry);
        const promise = load().then(
          (outbox) => {
            early.delete(entry.id);
            return outbox.enqueue<T>(entry);
          },
          (error: Error) => {
            early.delete(entry.id);
            throw new Error(`outbox.call ${model}.${method}: the change was not kept: ${error.message}`, { cause: error });
          },
        );
        return Object.assign(promise, { entry: publicView(entry) });
      },
      entries: () => {
        const listed = line?.entries() ?? [];
        return early.size ? [...listed, ...[...early.values()].filter((entry) => entry.owner === owner()).map(publicView)] : listed;
      },
      retry(id, options) {
        if (!line) throw new Error(`outbox: no entry ${JSON.stringify(id)} (it was applied or discarded)`);
        line.retry(id, options);
      },
      discard: async (id) => (await load()).discard(id),
      sync: async () => {
        if (line || outboxUsed.mayBeSet()) await (await load()).sync();
      },
    };
    return Object.assign(service, {
      end() {
        stopped = true;
        browser.clearTimeout(preload);
        line?.stop();
      },
    });
  },
  stop(service) {
    service.end();
  },
};
