/**
 * The fault suites' JSON-RPC server (a real one on port 0): it applies each keyed write once
 * (a write sent again with its Idempotency-Key gets the first answer), counts what it applied per
 * write, and can drop the reply of a chosen request after applying it (the commit happened, the
 * answer never came). Counts kept across a file's scenarios are summed in `faultCounts`.
 */
import { startJsonRpcServer, type JsonRpcServer, type Reply } from "../json_rpc_server";

export const WRITE = "/web/dataset/call_kw/sale.order/write";

export interface FaultServer {
  server: JsonRpcServer;
  /** How many times each write (by its note, not its key) was applied. */
  applied: Map<string, number>;
  /** Drops the reply of the write request numbered `index` (from 1), after applying it. */
  dropReplyOf: Set<number>;
  /** Whether the server answers (false: every request is reset, the heartbeat too). */
  up: boolean;
}

export async function startFaultServer(): Promise<FaultServer> {
  const answers = new Map<string, Reply>();
  let writes = 0;
  const state: FaultServer = { server: undefined as unknown as JsonRpcServer, applied: new Map(), dropReplyOf: new Set(), up: true };
  state.server = await startJsonRpcServer({
    "/web/webclient/version_info": () => (state.up ? { result: { server_version: "17.0" } } : { destroy: true }),
    [WRITE]: (params, request) => {
      if (!state.up) return { destroy: true };
      writes++;
      const key = String(request.headers["idempotency-key"]);
      let answer = answers.get(key);
      if (!answer) {
        const note = String(((params.args as unknown[])[1] as { note?: string }).note);
        state.applied.set(note, (state.applied.get(note) ?? 0) + 1);
        answer = { result: true };
        answers.set(key, answer);
      }
      return state.dropReplyOf.has(writes) ? { destroy: true } : answer;
    },
  });
  return state;
}

/** What the fault suites ran and found, summed over a file's scenarios. */
export interface FaultCounts {
  scenarios: number;
  writesApplied: number;
  doubled: number;
  lost: number;
  unsettled: number;
  servedToAnother: number;
}

export const emptyCounts = (): FaultCounts => ({ scenarios: 0, writesApplied: 0, doubled: 0, lost: 0, unsettled: 0, servedToAnother: 0 });
