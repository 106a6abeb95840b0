// A deterministic simulation of 10,000 tabs (one per browser) that lose one server at the same
// instant, poll it on a schedule until it answers again, and stop at their first poll after it is
// back. Drives the library's own schedule (reconnectAt) next to Odoo's and to fixed polling.
import { DEFAULT_RECONNECT_DELAY, DEFAULT_RECONNECT_MAX_DELAY, reconnectAt } from "../../src/services/rpc/call/rpc_options.js";

/** Poll times of one client, in ms after the loss, in order; `random` is that client's draws. */
export type Schedule = (random: () => number) => Iterator<number>;

export const SCHEDULES: Record<"library" | "odoo" | "fixed_2s", Schedule> = {
  /** owl-services: one phase per client, windows 5, 10, 20 s then 30 s each. */
  *library(random) {
    const options = { reconnectDelay: DEFAULT_RECONNECT_DELAY, reconnectMaxDelay: DEFAULT_RECONNECT_MAX_DELAY };
    const phase = random();
    for (let attempt = 0; ; attempt++) yield reconnectAt(attempt, options, phase);
  },
  /** Odoo 17's web client: 2 s, then each delay × 1.5 + up to 0.5 s at random, no cap. */
  *odoo(random) {
    let t = 0;
    for (let delay = 2000; ; delay = delay * 1.5 + 500 * random()) {
      t += delay;
      yield t;
    }
  },
  /** A poll every 2 s. */
  *fixed_2s() {
    for (let t = 2000; ; t += 2000) yield t;
  },
};

/** A seeded random source (a 32-bit LCG): the same run every time. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export interface HerdRun {
  outageMs: number;
  /** Polls per second from the loss on (index: second), through `outageMs + afterMs`. */
  perSecond: Int32Array;
  /** ms from the server's return to each client's first poll after it. */
  detections: Float64Array;
  totalPolls: number;
}

/** `clients` clients poll from t = 0; the server answers again from `outageMs` on. */
export function simulateHerd(schedule: Schedule, clients: number, outageMs: number, afterMs = 60_000, seed = 7): HerdRun {
  const random = seeded(seed);
  const perSecond = new Int32Array(Math.ceil((outageMs + afterMs) / 1000) + 1);
  const detections = new Float64Array(clients);
  let totalPolls = 0;
  for (let client = 0; client < clients; client++) {
    const polls = schedule(random);
    for (;;) {
      const t = polls.next().value as number;
      totalPolls++;
      const second = Math.floor(t / 1000);
      if (second < perSecond.length) perSecond[second]!++;
      if (t >= outageMs) {
        detections[client] = t - outageMs;
        break;
      }
    }
  }
  return { outageMs, perSecond, detections, totalPolls };
}

export function percentile(values: Float64Array | number[], p: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function peak(perSecond: Int32Array, fromSecond = 0, toSecond = perSecond.length): number {
  let max = 0;
  for (let s = fromSecond; s < Math.min(toSecond, perSecond.length); s++) max = Math.max(max, perSecond[s]!);
  return max;
}

export const HERD_CLIENTS = 10_000;
export const OUTAGES_S = [5, 10, 30, 60, 300];

export interface HerdFigures {
  herd_peak_rps: number;
  recovery_peak_rps: number;
  detect_p95_s: Record<string, number>;
  herd_total_polls: number;
}

/** The four figures of one schedule: peak, recovery peak after 5 min, p95 detection per outage, total polls over 5 min. */
export function herdFigures(schedule: Schedule, clients = HERD_CLIENTS): HerdFigures & { runs: HerdRun[] } {
  const runs = OUTAGES_S.map((s) => simulateHerd(schedule, clients, s * 1000));
  const long = runs[runs.length - 1]!;
  const detect: Record<string, number> = {};
  for (const run of runs) detect[`${run.outageMs / 1000}s`] = Math.round(percentile(run.detections, 95) / 100) / 10;
  return {
    herd_peak_rps: Math.max(...runs.map((run) => peak(run.perSecond))),
    recovery_peak_rps: peak(long.perSecond, long.outageMs / 1000, long.outageMs / 1000 + 60),
    detect_p95_s: detect,
    herd_total_polls: long.totalPolls,
    runs,
  };
}
