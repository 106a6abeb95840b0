/**
 * Every rpc call of the app, from the bus events `RPC:REQUEST` / `RPC:RESPONSE`: the monitoring view
 * a developer keeps open. Framework-free: a store with `subscribe()`, shown by the RpcLog component.
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
  outcome: RPCOutcome | "pending";
  duration: number | undefined;
  category: RPCErrorCategory | undefined;
  exceptionName: string | undefined;
  message: string | undefined;
  debug: string | undefined;
  /** The call's Idempotency-Key when the caller chose it (the outbox does: each entry its own). */
  key: string | undefined;
  /** Sent by the outbox: a change kept while the server was away, or sent in its turn. */
  outbox: boolean;
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

export const rpcLogService: ServiceDefinition<RPCLogService> = {
  start(env: Env) {
    let entries: RPCLogEntry[] = [];
    const byId = new Map<number, RPCLogEntry>();
    const listeners = new Set<() => void>();
    const changed = () => listeners.forEach((listener) => {
      listener();
    });

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
      };
      byId.set(id, entry);
      entries = [entry, ...entries].slice(0, RPC_LOG_SIZE);
      changed();
    });
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
