// Question: when a server restarts under 10,000 open tabs, how hard do their reconnection polls
// hit it, and how long can a tab take to notice it is back? Simulated with the real schedule
// (reconnectDelay) and a seeded random source; one tab per browser, as BroadcastChannel makes it.
import { bench, describe } from "vitest";
import { DEFAULT_RECONNECT_DELAY, DEFAULT_RECONNECT_MAX_DELAY, reconnectDelay } from "../src/services/rpc/rpc_options";

const options = { reconnectDelay: DEFAULT_RECONNECT_DELAY, reconnectMaxDelay: DEFAULT_RECONNECT_MAX_DELAY };

function seeded(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

/** Poll times (ms after the outage began) of `clients` polling for `horizon` ms. */
function simulate(clients: number, horizon: number, random: () => number): number[] {
  const polls: number[] = [];
  for (let c = 0; c < clients; c++) {
    let t = 0;
    for (let attempt = 0; ; attempt++) {
      t += reconnectDelay(attempt, options, random);
      if (t > horizon) break;
      polls.push(t);
    }
  }
  return polls;
}

/** The busiest second among polls made from `from` ms on. */
function peakPerSecond(polls: number[], from = 0): number {
  const buckets = new Map<number, number>();
  for (const t of polls) {
    if (t >= from) buckets.set(Math.floor(t / 1000), (buckets.get(Math.floor(t / 1000)) ?? 0) + 1);
  }
  return Math.max(...buckets.values());
}

const CLIENTS = 10_000;
const HORIZON = 5 * 60_000;
const jittered = simulate(CLIENTS, HORIZON, seeded(7));
const synchronized = simulate(CLIENTS, HORIZON, () => 1);
console.log(
  [
    `${CLIENTS} tabs, 5-minute outage, reconnectDelay ${options.reconnectDelay} ms, cap ${options.reconnectMaxDelay} ms:`,
    `  full jitter: ${jittered.length} polls; busiest second ${peakPerSecond(jittered)} in the first minute, ${peakPerSecond(jittered, 60_000)} after it`,
    `  no jitter:   ${synchronized.length} polls; busiest second ${peakPerSecond(synchronized)} in the first minute, ${peakPerSecond(synchronized, 60_000)} after it`,
    `  longest gap between a tab's polls (worst time to notice the server is back): ${options.reconnectMaxDelay / 1000} s`,
  ].join("\n"),
);

describe("reconnection schedule", () => {
  bench("simulate 10,000 tabs over a 5-minute outage", () => {
    simulate(CLIENTS, HORIZON, seeded(7));
  });
});
