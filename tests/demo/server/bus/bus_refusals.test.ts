// @vitest-environment node
/**
 * What `/websocket` refuses, each with its close code, while it keeps serving the other sockets:
 * another site's page (4003), no session (4001), malformed frames, unknown events, too many
 * channels or sockets, a channel that is not a model the user may read (1008), a frame too big
 * (1009), a socket that never answers a ping (dropped). And `/demo/bus_stats`, a manager's.
 */
import { afterEach, describe, expect, test } from "vitest";
import { busBounds, sweepBus } from "../../../../demo/server/bus/bus_store";
import { signedIn, useDemoServer } from "../demo_server_helpers";
import { BusClient } from "./bus_client";

/** Long enough that a busy machine answers every ping (a pong takes a millisecond), short enough for a test. */
const PING_INTERVAL = 2_000;
const ctx = useDemoServer({ maxBusSockets: 3, busPingInterval: PING_INTERVAL });
const opened: BusClient[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((bus) => bus.close()));
});

/** A socket closed after the test. */
function kept(bus: BusClient): BusClient {
  opened.push(bus);
  return bus;
}

async function open(options: Parameters<typeof BusClient.open>[2] = {}, client = ctx.admin): Promise<BusClient> {
  return kept(await BusClient.open(ctx.server, client, options));
}

/** A healthy socket still gets a write made after the refusal: the server kept serving it. */
async function stillServed(healthy: BusClient): Promise<void> {
  const from = healthy.notifications.length;
  const partner = await ctx.admin.call<number>("res.partner", "create", [{ name: "Still Served Ltd" }]);
  await healthy.next((n) => n.message.payload.model === "res.partner" && n.message.payload.ids?.[0] === partner, from);
}

/** A socket of the admin's, listening to res.partner from the current id. */
async function healthySocket(): Promise<BusClient> {
  return kept(await BusClient.listening(ctx.server, ctx.admin, ["res.partner"]));
}

// First in the file: no socket of another test is still closing, so the counts are this test's own.
describe("/demo/bus_stats", () => {
  test("counts this instance's sockets, channels and notifications for a manager, and refuses a salesperson", async () => {
    const a = kept(await BusClient.listening(ctx.server, ctx.admin, ["sale.order", "res.partner"]));
    const b = kept(await BusClient.listening(ctx.server, await signedIn(ctx.server, "sales"), ["res.partner"]));
    // Both served: each socket is counted once the server has taken it.
    await stillServed(a);
    await stillServed(b);
    const stats = async () => (await ctx.admin.post<{ sockets: number; channels: number; notifications: number }>("/demo/bus_stats")).body.result!;
    expect(await stats()).toMatchObject({ sockets: 2, channels: 2 });
    expect((await stats()).notifications).toBeGreaterThanOrEqual(2);
    const sales = await signedIn(ctx.server, "sales");
    const refused = (await sales.post("/demo/bus_stats")).body.error;
    expect(refused?.data.name).toBe("odoo.exceptions.AccessError");
  });
});

describe("the bus refuses", () => {
  test("a page of another site (cross-site WebSocket hijacking) with 4003", async () => {
    const bus = await open({ origin: "https://evil.example" });
    expect(await bus.closed).toMatchObject({ code: 4003, reason: expect.stringContaining("forbidden Origin https://evil.example") });
    const own = kept(await BusClient.listening(ctx.server, ctx.admin, ["res.partner"], { origin: ctx.server.url }));
    await stillServed(own);
  });

  test("a socket without a session, or whose session ended, with 4001", async () => {
    const anonymous = await BusClient.open(ctx.server, undefined);
    expect(await anonymous.closed).toEqual({ code: 4001, reason: "session expired: sign in again" });
    const user = await signedIn(ctx.server, "sales");
    const bus = await open({}, user);
    bus.subscribe(["sale.order"], 0);
    await user.post("/demo/session/expire");
    // Noticed at the next ping round.
    expect(await bus.closed).toEqual({ code: 4001, reason: "session expired: sign in again" });
  });

  test.each([
    ["not JSON", "{subscribe", "malformed frame: not JSON"],
    ["no event_name", { data: {} }, "malformed frame"],
    ["an unknown event_name", { event_name: "update_presence", data: {} }, 'unknown event_name "update_presence"'],
    ["channels not a list", { event_name: "subscribe", data: { channels: "sale.order" } }, "data.channels must be a list"],
    ["a negative last", { event_name: "subscribe", data: { channels: [], last: -1 } }, "data.last must be an id"],
    ["5,000 channels", { event_name: "subscribe", data: { channels: Array.from({ length: 5000 }, (_, i) => `c${i}`), last: 0 } }, "too many channels: 5000 (at most 100 per socket)"],
    ["a channel that is not a model", { event_name: "subscribe", data: { channels: ["sale.order", "ir.config_parameter"], last: 0 } }, 'channel not allowed: "ir.config_parameter"'],
  ])("%s with 1008, and serves the other sockets", async (_what, frame, reason) => {
    const healthy = await healthySocket();
    const bus = await open();
    bus.send(frame);
    const closed = await bus.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toContain(reason);
    await stillServed(healthy);
  });

  test("a 2 MB frame with 1009, and serves the other sockets", async () => {
    const healthy = await healthySocket();
    const bus = await open();
    bus.send(JSON.stringify({ event_name: "subscribe", data: { channels: ["x".repeat(2 * 1024 * 1024)], last: 0 } }));
    expect((await bus.closed).code).toBe(1009);
    await stillServed(healthy);
  });

  test("a fourth socket of one session with 1008 (three allowed here)", async () => {
    const user = await signedIn(ctx.server, "joel");
    const three = [await open({}, user), await open({}, user), await open({}, user)];
    const fourth = await open({}, user);
    expect(await fourth.closed).toMatchObject({ code: 1008, reason: "too many sockets for this session (at most 3)" });
    await three[0]!.close();
    const again = kept(await BusClient.listening(ctx.server, user, ["res.partner"]));
    await stillServed(again);
  });

  test("drops a socket that never answers a ping, and keeps the one that does", async () => {
    const healthy = await healthySocket();
    const deaf = await open({ autoPong: false });
    deaf.subscribe(["res.partner"], 0);
    let pings = 0;
    deaf.ws.on("ping", () => pings++);
    // Dropped at the round after the ping it did not answer: no closing handshake.
    expect((await deaf.closed).code).toBe(1006);
    expect(pings).toBeGreaterThanOrEqual(1);
    await stillServed(healthy);
  });

  test("a last older than what the sweep kept gets bus/reset at the current id", async () => {
    const [order] = (await ctx.server.db.query<{ id: number }>("SELECT id FROM sale_order ORDER BY id LIMIT 1")).rows.map((row) => row.id);
    await ctx.admin.call("sale.order", "write", [[order], { note: "to be swept" }]);
    const before = (await busBounds(ctx.server.db)).top;
    // Retention 0: every row is past it.
    expect(await sweepBus(ctx.server.db, 0)).toBeGreaterThan(0);
    const bus = await open();
    bus.subscribe(["sale.order"], before - 1);
    expect(await bus.next()).toEqual({ id: before, message: { type: "bus/reset", payload: {} } });
  });
});
