/**
 * Another user's change to the order a form shows, heard on the bus (`records/changed`): the order
 * is read again, and the form hears of it only when it differs from the one the form last showed
 * (a change of a line alone leaves the order's write_date as it was). The form's own save notifies
 * too: of the notifications that come while it saves, or the first after it, one is its own.
 */
import { isConnectionLostError, isRPCError, type ORM } from "owl-services";
import type { BusService } from "owl-services/bus";
import { ORDER_SPEC, type FormOrder } from "../../saved_reads";

/** What the watch asks the form: the order it shows (0: none yet), that order as last read or saved, and whether it is saving. */
export interface WatchedForm {
  orderId(): number;
  shown(): FormOrder | undefined;
  saving(): boolean;
  /** Someone else changed the order (as it is now), or deleted it (`undefined`). */
  changed(order: FormOrder | undefined): void;
}

export class OtherChanges {
  private unsubscribe: () => void;
  /** Notifications of the order that came while the form was saving: its save's own is one of them. */
  private heardWhileSaving = 0;
  /** A save succeeded and its own notification has not come yet: the next one is it. */
  private ownToCome = false;
  private reading = false;
  private again = false;

  constructor(bus: BusService, private readonly orm: ORM, private readonly form: WatchedForm) {
    this.unsubscribe = bus.subscribe<{ model: string; ids: number[] }>("records/changed", ({ model, ids }) => {
      if (model === "sale.order" && ids.includes(form.orderId())) void this.look();
    });
  }

  /** The form's save is done (`ok`: it wrote): more notifications meanwhile than its own one are looked at now. */
  saved(ok: boolean): void {
    const heard = this.heardWhileSaving;
    this.heardWhileSaving = 0;
    this.ownToCome = ok && heard === 0;
    if (heard > (ok ? 1 : 0)) void this.look();
  }

  stop(): void {
    this.unsubscribe();
  }

  private async look(): Promise<void> {
    if (this.form.saving()) {
      this.heardWhileSaving++;
      return;
    }
    if (this.ownToCome) {
      this.ownToCome = false;
      return;
    }
    // One read at a time, and one more for what came during it.
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    try {
      const id = this.form.orderId();
      const read = await this.orm.webRead("sale.order", [id], { specification: ORDER_SPEC }).catch((error: unknown) => {
        // Deleted: the form says so. Unreachable: nothing to say (the bus hears of later changes once back).
        if (isRPCError(error) && error.exceptionName === "odoo.exceptions.MissingError") return [];
        if (isConnectionLostError(error)) return undefined;
        throw error;
      });
      if (!read || id !== this.form.orderId() || this.form.saving()) return;
      const [order] = read;
      if (JSON.stringify(order) !== JSON.stringify(this.form.shown())) this.form.changed(order);
    } finally {
      this.reading = false;
      if (this.again) {
        this.again = false;
        void this.look();
      }
    }
  }
}
