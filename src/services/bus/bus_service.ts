/**
 * Registered as `bus` (`owl-services/bus`; the main entry does not register it): live data over
 * Odoo 17's bus. This module keeps the tab's channels, subscribers and state; the socket and the
 * tabs' sharing of it (bus_link.ts, a chunk of its own) load when the first channel is added or
 * the first subscriber comes.
 */
import { show } from "../../checks.js";
import { socketGlobals } from "../../browser.js";
import type { Env, ServiceDefinition } from "../../env.js";
import type { RPCService } from "../rpc/rpc_function.js";
import { resolveBusOptions, type BusConfig } from "./bus_options.js";
import type { BusLink } from "./bus_link.js";
import { BUS_RESET, type BusCallback, type BusClose, type BusHost, type BusNotification, type BusState, type SessionChanges } from "./types.js";

export interface BusService {
  /** Subscribes this tab to `channel` (the demo server's: a model's name, `"sale.order"`). */
  addChannel(channel: string): void;
  deleteChannel(channel: string): void;
  /** Calls `callback` with each notification of `type`, once, in id order; returns the unsubscribe. */
  subscribe<P = unknown>(type: string, callback: BusCallback<P>): () => void;
  /** The origin's socket, as this tab knows it. */
  readonly state: BusState;
}

declare module "../../env.js" {
  interface Services {
    bus: BusService;
  }
  interface Config {
    bus?: BusConfig;
  }
}

/** The service as started: `end` undoes what `start` began (the chunk's socket, channels, lock). */
type LiveBus = BusService & { end(): void };

function checkName(method: string, what: string, value: unknown): asserts value is string {
  if (typeof value !== "string" || !value) throw new TypeError(`bus.${method}: ${what} must be a non-empty string, got ${show(value)}`);
}

/** Each notification to its type's callbacks (and a reset to `BUS:RESET`), in order, until the env stops. */
function dispatch(env: Env, callbacks: Map<string, Set<BusCallback>>, notifications: BusNotification[], stopped: () => boolean): void {
  for (const { id, message } of notifications) {
    if (stopped()) return;
    if (message.type === BUS_RESET) env.bus.trigger("BUS:RESET", { id });
    // A subscriber that throws is reported as thrown (never wrapped), as an unhandled rejection; the others still hear.
    for (const callback of [...(callbacks.get(message.type) ?? [])]) {
      try {
        callback(message.payload, { id });
      } catch (error) {
        void Promise.reject(error);
      }
    }
  }
}

export const busService: ServiceDefinition<LiveBus> = {
  dependencies: ["rpc"],
  start(env: Env, deps): LiveBus {
    const rpc = deps.rpc as RPCService;
    const options = resolveBusOptions(env.config.bus, rpc.layers.client.config, socketGlobals.href);
    const channels = new Set<string>();
    const callbacks = new Map<string, Set<BusCallback>>();
    let state: BusState = "disconnected";
    let link: BusLink | undefined;
    let loading: Promise<void> | undefined;
    let stopped = false;
    const host: BusHost = {
      channels: () => [...channels],
      dispatch: (notifications) => dispatch(env, callbacks, notifications, () => stopped),
      setState(next: BusState, close?: BusClose) {
        const before = state;
        state = next;
        if (stopped || next === before) return;
        if (next === "connected") env.bus.trigger("BUS:CONNECT");
        else if (before === "connected") env.bus.trigger("BUS:DISCONNECT", close);
      },
    };
    const load = () => {
      if (loading) return;
      loading = import("./bus_link.js").then(
        ({ BusLink }) => {
          if (!stopped) link = new BusLink({ host, rpc, options, session: env.services.session as SessionChanges | undefined });
        },
        (error: unknown) => {
          loading = undefined;
          console.warn(`owl-services: the bus's code could not be loaded (${error instanceof Error ? error.message : String(error)}); it loads again at the next addChannel`);
        },
      );
    };
    const service: BusService = {
      addChannel(channel) {
        checkName("addChannel", "channel", channel);
        if (channels.has(channel)) return;
        channels.add(channel);
        link?.channelsChanged();
        load();
      },
      deleteChannel(channel) {
        checkName("deleteChannel", "channel", channel);
        if (channels.delete(channel)) link?.channelsChanged();
      },
      subscribe<P>(type: string, callback: BusCallback<P>) {
        checkName("subscribe", "type", type);
        if (typeof callback !== "function") throw new TypeError(`bus.subscribe ${JSON.stringify(type)}: callback must be a function, got ${show(callback)}`);
        const listeners = callbacks.get(type) ?? new Set();
        callbacks.set(type, listeners.add(callback as BusCallback));
        load();
        return () => {
          listeners.delete(callback as BusCallback);
        };
      },
      get state() {
        return state;
      },
    };
    return Object.assign(service, {
      end() {
        stopped = true;
        link?.stop();
        link = undefined;
        channels.clear();
        callbacks.clear();
      },
    });
  },
  stop(service) {
    service.end();
  },
};
