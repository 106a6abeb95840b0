// A tab of the SharedWorker design (bench/page/bus_worker.ts), for bench/bus_tabs_choice.bench.ts:
// it tells the origin's worker its channel and notes when each notification of sale.order reaches it,
// at the point where the library's bus would call a subscriber (bench/page/bus_bench.ts notes its own there).
import { Arrivals, epochNow } from "./arrivals";

/** The worker's script, served by bench/lib/bench_server.ts, and its name: one worker per origin. */
const WORKER_URL = "/bus_worker.js";
const WORKER_NAME = "owl-services:bench-bus";

export function sharedBusBench() {
  const arrivals = new Arrivals();
  let state = "disconnected";
  let port: MessagePort | undefined;
  return {
    /** Connects to the origin's worker and joins sale.order; resolves with when the worker's socket was up for this tab. */
    listen(): Promise<number> {
      const worker = new SharedWorker(WORKER_URL, { name: WORKER_NAME });
      port = worker.port;
      const connected = new Promise<number>((resolve) => {
        port!.onmessage = (event: MessageEvent<{ type: string; state?: string; notifications?: { id: number; message: { type: string; payload?: { model?: string } } }[] }>) => {
          const message = event.data;
          if (message.type === "state" && message.state) {
            state = message.state;
            if (state === "connected") resolve(epochNow());
          } else if (message.type === "notify") {
            for (const { id, message: notification } of message.notifications ?? []) {
              if (notification.type === "records/changed" && notification.payload?.model === "sale.order") arrivals.add(id);
            }
          }
        };
      });
      addEventListener("pagehide", () => port?.postMessage({ type: "bye" }));
      port.postMessage({ type: "channels", channels: ["sale.order"] });
      return connected;
    },
    state: () => state,
    received: () => arrivals.ids(),
    arrivalOf: (id: number, timeout: number) => arrivals.of(id, timeout),
  };
}
