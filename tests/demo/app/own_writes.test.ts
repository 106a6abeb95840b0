/**
 * OwnWrites, the dashboard's record of this tab's writes to orders, on a fake env.bus: which
 * `records/changed` it takes for this tab's own (the dashboard then reloads nothing).
 */
import { EventBus } from "@odoo/owl";
import type { Env, RPCOutcome } from "owl-services";
import { afterEach, describe, expect, test } from "vitest";
import { OwnWrites } from "../../../demo/app/components/dashboard/own_writes";

const CALL_KW = "/web/dataset/call_kw";
let nextId = 1;
let own: OwnWrites | undefined;

/** A fake env: OwnWrites listens to its bus only. */
function start(): { bus: EventBus; own: OwnWrites } {
  const bus = new EventBus();
  own = new OwnWrites({ bus } as unknown as Env);
  return { bus, own };
}

/** A call_kw call as the rpc announces it (`RPC:REQUEST`), and its end (`RPC:RESPONSE`) to trigger later. */
function call(bus: EventBus, model: string, method: string, args: unknown[], kind?: "read" | "write") {
  const id = nextId++;
  const event = { id, url: `${CALL_KW}/${model}/${method}`, data: { jsonrpc: "2.0", method: "call", id, params: { model, method, args, kwargs: {} } }, settings: kind ? { kind } : {}, abort() {} };
  bus.trigger("RPC:REQUEST", event);
  return {
    answer(result: unknown, outcome: RPCOutcome = "result") {
      bus.trigger("RPC:RESPONSE", { ...event, ...(outcome === "result" ? { result } : { error: new Error(outcome) }), outcome, duration: 1 });
    },
  };
}

afterEach(() => own?.stop());

describe("OwnWrites", () => {
  test("takes the notification of a write of its ids for its own, once", () => {
    const { bus, own } = start();
    call(bus, "sale.order", "write", [[7], { note: "x" }]).answer(true);
    expect(own.own([7])).toBe(true);
    expect(own.own([7])).toBe(false);
  });

  test("takes the notification of an order created by web_save (no ids) for its own, by the id in the answer", () => {
    const { bus, own } = start();
    call(bus, "sale.order", "web_save", [[], { partner_id: 3 }]).answer([{ id: 42, name: "S00042" }]);
    expect(own.own([42])).toBe(true);
    expect(own.own([42])).toBe(false);
  });

  test("takes the notification of orders made by create for its own, by the ids it answers", () => {
    const { bus, own } = start();
    call(bus, "sale.order", "create", [[{ partner_id: 3 }, { partner_id: 4 }]]).answer([43, 44]);
    expect(own.own([43, 44])).toBe(true);
  });

  test("awaits nothing of a create that was refused", () => {
    const { bus, own } = start();
    call(bus, "sale.order", "web_save", [[], { partner_id: 3 }]).answer(undefined, "error");
    expect(own.own([45])).toBe(false);
  });

  test("awaits nothing of a write that was refused", () => {
    const { bus, own } = start();
    call(bus, "sale.order", "action_confirm", [[8]]).answer(undefined, "error");
    expect(own.own([8])).toBe(false);
  });

  test("ignores reads, calls declared reads and other models", () => {
    const { bus, own } = start();
    call(bus, "sale.order", "web_read", [[9]]).answer([{ id: 9 }]);
    call(bus, "sale.order", "get_forecast", [[9]], "read").answer({});
    call(bus, "res.partner", "write", [[9], {}]).answer(true);
    expect(own.own([9])).toBe(false);
  });

  test("forgets the writes still awaited when the bus resets (their notifications will never come)", () => {
    const { bus, own } = start();
    call(bus, "sale.order", "write", [[10], {}]).answer(true);
    call(bus, "sale.order", "web_save", [[], {}]).answer([{ id: 11 }]);
    bus.trigger("BUS:RESET", { id: 5 });
    // Another user's change to them is not taken for this tab's.
    expect(own.own([10])).toBe(false);
    expect(own.own([11])).toBe(false);
  });

  test("hears nothing once stopped", () => {
    const { bus, own } = start();
    own.stop();
    call(bus, "sale.order", "write", [[12], {}]).answer(true);
    expect(own.own([12])).toBe(false);
  });
});
