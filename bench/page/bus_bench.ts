// The bus measured in the benchmark page (`?bus`), against the demo server behind the bench server
// (bench/lib/bench_server.ts pipes /websocket to it): a live read's updates, the notifications
// this tab gets, and when its socket comes and goes. Times are epoch ms (timeOrigin + now), the
// clock the bench's process reads too.
import type { Env } from "owl-services";
import { busService } from "../../src/bus";

export { busService };

const now = () => performance.timeOrigin + performance.now();

interface Awaited {
  note: string;
  resolve(at: number): void;
}

export function busBench(env: Env) {
  /** Bus ids of the `records/changed` of sale.order this tab got, in order. */
  const received: number[] = [];
  const events = { connects: [] as number[], disconnects: [] as number[], resets: 0 };
  env.bus.addEventListener("BUS:CONNECT", () => events.connects.push(now()));
  env.bus.addEventListener("BUS:DISCONNECT", () => events.disconnects.push(now()));
  env.bus.addEventListener("BUS:RESET", () => events.resets++);
  let awaited: Awaited | undefined;
  let updated: Promise<number> | undefined;
  return {
    /** Joins sale.order's channel and keeps the ids of its notifications; resolves once the socket is connected. */
    async listen(): Promise<void> {
      // Listened to before the channel is added: the socket may connect as soon as it is.
      const connected = new Promise<void>((resolve) => env.bus.addEventListener("BUS:CONNECT", () => resolve(), { once: true }));
      env.services.bus.subscribe<{ model?: string }>("records/changed", (payload, { id }) => payload.model === "sale.order" && received.push(id));
      env.services.bus.addChannel("sale.order");
      if (env.services.bus.state !== "connected") await connected;
    },
    state: () => env.services.bus.state,
    received: () => received,
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
