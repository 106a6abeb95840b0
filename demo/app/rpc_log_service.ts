/**
 * Every rpc call of the app, from the bus events `RPC:REQUEST` / `RPC:RESPONSE`, and every
 * notification the bus pushed (`records/changed`, `bus/reset`) as a line of its own: the monitoring
 * view a developer keeps open. Framework-free: a store with `subscribe()`, shown by the RpcLog component.
 */
import type { Env, RPCErrorCategory, RPCOutcome, RPCRequestEvent, RPCResponseEvent, ServiceDefinition } from "owl-services";
import { isRPCError } from "owl-services";

export const RPC_LOG_SIZE = 200;

export interface RPCLogEntry {
  id: number;
  startedAt: number;
  route: string;
  /** `sale.order.search_read` for call_kw, else the route. */
  label: string;
  params: unknown;
  /** How the call ended; `pending` while it runs; `pushed` for a notification of the bus (no call). */
  outcome: RPCOutcome | "pending" | "pushed";
  duration: number | undefined;
  category: RPCErrorCategory | undefined;
  exceptionName: string | undefined;
  message: string | undefined;
  debug: string | undefined;
  /** The call's Idempotency-Key when the caller chose it (the outbox does: each entry its own). */
  key: string | undefined;
  /** Sent by the outbox: a change kept while the server was away, or sent in its turn. */
  outbox: boolean;
  /** A notification pushed by the bus, not a call: its type, and the model and ids of a `records/changed`. */
  pushed: { type: string; model: string; ids: number[] } | undefined;
}

export interface RPCLogService {
  readonly entries: readonly RPCLogEntry[];
  clear(): void;
  subscribe(listener: () => void): () => void;
}

function labelOf(route: string, params: Record<string, unknown>): string {
  return route.startsWith("/web/dataset/call_kw") && typeof params.model === "string" && typeof params.method === "string"
    ? `${params.model}.${params.method}`
    : route;
}

/** The bus's notifications, each a line: `records/changed` with its model and ids, and `bus/reset`. */
function followBus(env: Env, add: (entry: RPCLogEntry) => void): void {
  const line = (type: string, model: string, ids: number[], id: number): RPCLogEntry => ({
    // Negative: never one of the rpc's ids.
    id: -id,
    startedAt: Date.now(),
    route: "/websocket",
    label: type,
    params: undefined,
    outcome: "pushed",
    duration: undefined,
    category: undefined,
    exceptionName: undefined,
    message: type === "bus/reset" ? "the server could not give everything since the last id: every cached read dropped" : `${model} ${ids.join(", ")}`,
    debug: undefined,
    key: undefined,
    outbox: false,
    pushed: { type, model, ids },
  });
  env.services.bus.subscribe<{ model: string; ids: number[] }>("records/changed", ({ model, ids }, { id }) => add(line("records/changed", model, ids, id)));
  env.services.bus.subscribe("bus/reset", (_payload, { id }) => add(line("bus/reset", "", [], id)));
}

export const rpcLogService: ServiceDefinition<RPCLogService> = {
  dependencies: ["bus"],
  start(env: Env) {
    let entries: RPCLogEntry[] = [];
    const byId = new Map<number, RPCLogEntry>();
    const listeners = new Set<() => void>();
    const changed = () => listeners.forEach((listener) => {
      listener();
    });
    const add = (entry: RPCLogEntry) => {
      entries = [entry, ...entries].slice(0, RPC_LOG_SIZE);
      changed();
    };

    env.bus.addEventListener("RPC:REQUEST", (event) => {
      const { id, url, data, settings } = (event as CustomEvent<RPCRequestEvent>).detail;
      const key = typeof settings.idempotencyKey === "string" ? settings.idempotencyKey : undefined;
      const route = new URL(url, location.href).pathname;
      const entry: RPCLogEntry = {
        id,
        startedAt: Date.now(),
        route,
        label: labelOf(route, data.params),
        params: data.params,
        outcome: "pending",
        duration: undefined,
        category: undefined,
        exceptionName: undefined,
        message: undefined,
        debug: undefined,
        key,
        outbox: key !== undefined && (env.services.outbox?.entries().some((kept) => kept.key === key) ?? false),
        pushed: undefined,
      };
      byId.set(id, entry);
      add(entry);
    });
    followBus(env, add);
    env.bus.addEventListener("RPC:RESPONSE", (event) => {
      const { id, outcome, duration, error } = (event as CustomEvent<RPCResponseEvent>).detail;
      const entry = byId.get(id);
      if (!entry) return;
      byId.delete(id);
      entry.outcome = outcome;
      entry.duration = duration;
      if (isRPCError(error)) {
        entry.category = error.category;
        entry.exceptionName = error.exceptionName;
        entry.message = error.userMessage;
        entry.debug = error.data?.debug;
      } else if (error) {
        entry.message = error.message;
      }
      entries = [...entries];
      changed();
    });

    return {
      get entries() {
        return entries;
      },
      clear() {
        entries = entries.filter((entry) => entry.outcome === "pending");
        changed();
      },
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
  },
};

declare module "owl-services" {
  interface Services {
    rpc_log: RPCLogService;
  }
}
