/**
 * OtherChanges, the order form's watch of another user's change to its order, on a fake bus and
 * form: which `records/changed` it reads the order for, and which it takes for the form's own save.
 */
import type { BusService } from "owl-services/bus";
import { describe, expect, test } from "vitest";
import { OtherChanges } from "../../../demo/app/components/order_form/other_changes";
import { makeDeferred } from "../../helpers";

type Changed = (payload: { model: string; ids: number[] }) => void;
/** What of an order the watch compares: any shape will do. */
type Order = { id: number; name: string; write_date: string };

/** The watch on fakes: `notify` is the bus's `records/changed`, `server` the order as the server reads it. */
function watch() {
  let listener: Changed | undefined;
  const subscribe = (_type: string, callback: Changed) => {
    listener = callback;
    return () => {
      listener = undefined;
    };
  };
  const bus = { subscribe } as unknown as BusService;
  const reads: number[][] = [];
  const state = { id: 0, saving: false, shown: undefined as Order | undefined, server: undefined as Order | undefined, changed: makeDeferred<Order | undefined>() };
  const read = (id: number) => {
    reads.push([id]);
    return Promise.resolve(state.server ? [state.server] : []);
  };
  const others = new OtherChanges<Order>(bus, { orderId: () => state.id, shown: () => state.shown, saving: () => state.saving, read, changed: (order) => state.changed.resolve(order) });
  const notify = (ids: number[]) => listener?.({ model: "sale.order", ids });
  return { others, state, reads, notify };
}

const order = (id: number, writeDate: string): Order => ({ id, name: `S${id}`, write_date: writeDate });

describe("OtherChanges", () => {
  test("after a create, another user's next change to the new order is read and shown (the create's own notification came while the form had no id)", async () => {
    const { others, state, reads, notify } = watch();
    state.saving = true;
    notify([7]); // the create's own notification: the form has no id yet
    state.saving = false;
    state.id = 7;
    state.shown = order(7, "t1");
    others.saved(true, true);
    state.server = order(7, "t2");
    notify([7]); // another user's change
    expect(reads).toEqual([[7]]);
    expect(await state.changed.promise).toEqual(order(7, "t2"));
    others.stop();
  });

  test("after an edit whose notification has not come yet, the next notification is its own: not read", async () => {
    const { others, state, reads, notify } = watch();
    state.id = 7;
    state.shown = order(7, "t1");
    others.saved(true, false);
    notify([7]); // the save's own
    expect(reads).toEqual([]);
    state.server = order(7, "t2");
    notify([7]); // another user's
    expect(reads).toEqual([[7]]);
    expect(await state.changed.promise).toEqual(order(7, "t2"));
    others.stop();
  });

  test("an edit that heard two notifications while saving reads the order once it is saved (one was another user's)", async () => {
    const { others, state, reads, notify } = watch();
    state.id = 7;
    state.shown = order(7, "t1");
    state.saving = true;
    notify([7]);
    notify([7]);
    expect(reads).toEqual([]);
    state.saving = false;
    state.server = order(7, "t3");
    others.saved(true, false);
    expect(reads).toEqual([[7]]);
    expect(await state.changed.promise).toEqual(order(7, "t3"));
    others.stop();
  });
});
