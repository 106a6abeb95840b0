/** `config.bus`: where the socket goes, checked and completed once, at the service's start. */
import { isRecord, show } from "../../checks.js";
import type { ResolvedRPCConfig } from "../rpc/call/rpc_options.js";

/** Odoo 17's route of the bus's socket, on the page's origin. */
export const DEFAULT_BUS_URL = "/websocket";

/** `config.bus`. */
export interface BusConfig {
  /** The socket's address: `ws:`/`wss:`, or `http:`/`https:` (or relative to the page) for the same. @default "/websocket" */
  url?: string;
}

export interface ResolvedBusOptions {
  /** Absolute `ws:` or `wss:` URL. */
  url: string;
  /** The BroadcastChannel the tabs share the socket over; none: this tab holds its own socket. */
  channelName: string | undefined;
  /** The rpc's reconnection schedule, which the socket follows too. */
  reconnect: { reconnectDelay: number; reconnectMaxDelay: number };
}

const KEYS = ["url"];

/** The socket's URL from `url` (relative to `href`, the page), http: and https: made ws: and wss:. */
function socketURL(url: unknown, href: string | undefined): string {
  if (typeof url !== "string" || !url) throw new TypeError(`config.bus.url must be a non-empty string, got ${show(url)}`);
  let parsed: URL;
  try {
    parsed = new URL(url, href);
  } catch {
    throw new TypeError(`config.bus.url ${JSON.stringify(url)} is not a URL${href ? "" : " (this page has no address to resolve it against: give an absolute ws: URL)"}`);
  }
  parsed.protocol = parsed.protocol.replace(/^http/, "ws");
  if (parsed.protocol !== "ws:" && parsed.protocol !== "wss:") throw new TypeError(`config.bus.url must be a ws:, wss:, http: or https: URL, got ${JSON.stringify(url)}`);
  return parsed.href;
}

export function resolveBusOptions(config: BusConfig | undefined, rpc: ResolvedRPCConfig, href: string | undefined): ResolvedBusOptions {
  if (config !== undefined && !isRecord(config)) throw new TypeError(`config.bus must be an object, got ${show(config)}`);
  for (const key of Object.keys(config ?? {})) {
    if (!KEYS.includes(key)) throw new TypeError(`config.bus: unknown setting "${key}"; valid settings are ${KEYS.join(", ")}`);
  }
  const url = socketURL(config?.url ?? DEFAULT_BUS_URL, href);
  return {
    url,
    // The tabs share the socket as they share the connection state; one socket per address.
    channelName: rpc.shareConnectionState ? `owl-services:bus:${url}` : undefined,
    reconnect: { reconnectDelay: rpc.reconnectDelay, reconnectMaxDelay: rpc.reconnectMaxDelay },
  };
}
