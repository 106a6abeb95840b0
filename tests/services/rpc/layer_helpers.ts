/**
 * A fake call layer for the read and write layers' own tests: it records each request and lets
 * the test answer it, fail it or watch it be aborted. No HTTP, no events, no monitor.
 */
import { EventBus } from "@odoo/owl";
import { expect, vi } from "vitest";
import type { RPCClient } from "../../../src/services/rpc/call/rpc_client";
import type { JSONValue } from "../../../src/services/rpc/call/params";
import { ReadCache } from "../../../src/services/rpc/reads/read_cache";
import { Reads } from "../../../src/services/rpc/reads/reads";
import { Writes } from "../../../src/services/rpc/writes/writes";
import type { RPCPromise, RPCRequestEvent, RPCSettings } from "../../../src/services/rpc/types";

export interface SentRequest {
  route: string;
  params: { [key: string]: JSONValue };
  settings: RPCSettings;
  aborted: boolean;
  answer(value: unknown): void;
  fail(error: Error): void;
}

export function fakeLayers() {
  const sent: SentRequest[] = [];
  const client = {
    bus: new EventBus(),
    send<T>(route: string, params: { [key: string]: JSONValue }, settings: RPCSettings, onEnd?: (call: RPCRequestEvent) => void): RPCPromise<T> {
      // What the call layer hands `onEnd`: the call, as on RPC:REQUEST.
      const ended = () => onEnd?.({ id: sent.length, url: route, data: { jsonrpc: "2.0", method: "call", params, id: sent.length }, settings, abort: () => {} });
      let settle!: { resolve(value: T): void; reject(error: Error): void };
      const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
      const request: SentRequest = {
        route,
        params,
        settings,
        aborted: false,
        answer: (value) => {
          settle.resolve(value as T);
          ended();
        },
        fail: (error) => {
          settle.reject(error);
          ended();
        },
      };
      sent.push(request);
      return Object.assign(promise, {
        abort: () => {
          request.aborted = true;
          ended();
        },
      });
    },
  } as unknown as RPCClient;
  const cache = new ReadCache({ namespace: () => "1|2", version: "1" });
  const reads = new Reads(client, cache);
  const writes = new Writes(client, reads);
  return { sent, cache, reads, writes };
}

/** call_kw params of `model.method`. */
export const kw = (model: string, method: string, args: JSONValue[] = [], kwargs: { [key: string]: JSONValue } = {}) => ({
  route: `/web/dataset/call_kw/${model}/${method}`,
  params: { model, method, args, kwargs } as { [key: string]: JSONValue },
});

/** The request numbered `index` once it was sent (a cached read reads its cache first). */
export async function request(sent: SentRequest[], index: number): Promise<SentRequest> {
  await vi.waitFor(() => expect(sent.length).toBeGreaterThan(index));
  return sent[index]!;
}
