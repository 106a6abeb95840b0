// The bus measured in the benchmark page (`?bus`), against the demo server behind the bench server
// (bench/lib/bench_server.ts pipes /websocket to it): a live read's updates, the notifications
// this tab gets, and when its socket comes and goes. Times are epoch ms (timeOrigin + now), the
// clock the bench's process reads too.
import type { Env } from "owl-services";
import { busService } from "../../src/bus";
import { Arrivals, epochNow as now } from "./arrivals";

export { busService };

interface Awaited {
  note: string;
  resolve(at: number): void;
}

export function busBench(env: Env) {
  /** Bus ids of the `records/changed` of sale.order this tab got, in order. */
  const received: number[] = [];
  const arrivals = new Arrivals();
  const events = { connects: [] as number[], disconnects: [] as number[], resets: 0 };
  env.bus.addEventListener("BUS:CONNECT", () => events.connects.push(now()));
  env.bus.addEventListener("BUS:DISCONNECT", () => events.disconnects.push(now()));
  env.bus.addEventListener("BUS:RESET", () => events.resets++);
  let awaited: Awaited | undefined;
  let updated: Promise<number> | undefined;
  return {
    /** Joins sale.order's channel and keeps the ids of its notifications; resolves with when the socket was connected for this tab. */
    async listen(): Promise<number> {
      // Listened to before the channel is added: the socket may connect as soon as it is.
      const connected = new Promise<number>((resolve) => env.bus.addEventListener("BUS:CONNECT", () => resolve(now()), { once: true }));
      env.services.bus.subscribe<{ model?: string }>("records/changed", (payload, { id }) => {
        if (payload.model !== "sale.order") return;
        received.push(id);
        arrivals.add(id);
      });
      env.services.bus.addChannel("sale.order");
      return env.services.bus.state === "connected" ? now() : connected;
    },
    state: () => env.services.bus.state,
    received: () => received,
    /** When the notification `id` reached this tab's subscriber, or null after `timeout` ms. */
    arrivalOf: (id: number, timeout: number) => arrivals.of(id, timeout),
    events: () => events,
    /** Starts a live read of the order's note; resolves with its first answer. */
    async liveRead(orderId: number): Promise<string> {
      const live = env.services.orm.cache({
        update: "always",
        live: true,
        onUpdate: (result) => {
          const note = (result as { note: string | false }[])[0]?.note;
          if (awaited && note === awaited.note) awaited.resolve(now());
        },
      });
      const [first] = (await live.read("sale.order", [orderId], ["note"])) as { note: string | false }[];
      return String(first?.note);
    },
    /** The next write will set the note to `note`: `updated()` resolves with when onUpdate got it. */
    expect(note: string): void {
      updated = new Promise((resolve) => (awaited = { note, resolve }));
    },
    updated: () => updated,
  };
}
