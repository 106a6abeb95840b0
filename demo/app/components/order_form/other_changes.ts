/**
 * Another user's change to the order a form shows, heard on the bus (`records/changed`): the order
 * is read again, and the form hears of it only when it differs from the one the form last showed
 * (a change of a line alone leaves the order's write_date as it was). The form's own save notifies
 * too: of the notifications that come while it saves, or the first after it, one is its own.
 */
import { isConnectionLostError, isRPCError } from "owl-services";
import type { BusService } from "owl-services/bus";

/**
 * What the watch asks the form: the order it shows (0: none yet), that order as last read or saved,
 * whether a save of it is under way (sent, or kept in the outbox), and how to read it again. Generic
 * over the order's type: the watch only compares orders, so it is tested without the demo's models.
 */
export interface WatchedForm<Order> {
  orderId(): number;
  shown(): Order | undefined;
  saving(): boolean;
  /** The order as the server has it now (`web_read` of `[id]`; rejects with a MissingError once deleted). */
  read(id: number): Promise<Order[]>;
  /** Someone else changed the order (as it is now), or deleted it (`undefined`). */
  changed(order: Order | undefined): void;
}

export class OtherChanges<Order> {
  private unsubscribe: () => void;
  /** Notifications of the order that came while the form was saving: its save's own is one of them. */
  private heardWhileSaving = 0;
  /** A save succeeded and its own notification has not come yet: the next one is it. */
  private ownToCome = false;
  private reading = false;
  private again = false;

  constructor(bus: BusService, private readonly form: WatchedForm<Order>) {
    this.unsubscribe = bus.subscribe<{ model: string; ids: number[] }>("records/changed", ({ model, ids }) => {
      if (model === "sale.order" && ids.includes(form.orderId())) void this.look();
    });
  }

  /**
   * The form's save is done (`ok`: it wrote; `created`: it made the order): more notifications
   * meanwhile than its own one are looked at now. A create's own notification is never awaited: the
   * form had no id while it saved, so it was not counted, and if it comes later a read tells it from another's.
   */
  saved(ok: boolean, created: boolean): void {
    const heard = this.heardWhileSaving;
    this.heardWhileSaving = 0;
    this.ownToCome = ok && !created && heard === 0;
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
      const read = await this.form.read(id).catch((error: unknown) => {
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
