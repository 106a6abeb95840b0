/**
 * An order in a modal <dialog>: customer, lines (product, quantity, unit price), totals. Read with
 * `webRead` and saved with one `webSave` carrying the lines as one2many commands, whose answer is
 * the saved order the form then shows (one round trip); checked before anything is sent. With the
 * server away, the `web_save` is kept in the outbox and the form shows its answer once applied.
 */
import { Component, onMounted, onWillDestroy, onWillStart, status, useRef, useState, xml } from "@odoo/owl";
import { isConnectionLostError, useService } from "owl-services";
import { serverAway } from "../../offline";
import { TAX_RATE } from "../../constants";
import { customersRead, ordersRead, productsRead, type FormOrder } from "../../saved_reads";
import { ORDER_SPEC } from "../../specifications";
import { formatMoney } from "../../format";
import type { OrderLineCommand, Partner, Product } from "../../types";
import { checkOrder, lineCommands, type Line } from "./order_lines";
import { OtherChanges } from "./other_changes";
import "./order_form.css";

/** The quotation an edit form changes, as the orders table shows it. */
export interface EditedOrder {
  id: number;
  name: string;
  /** The write_date the table saw: a change made meanwhile by someone else is a conflict. */
  writeDate: string;
  /** The quotations the table saved with one read (`ordersRead`); this one among them. */
  scope: number[];
}

interface Props {
  /** An existing quotation to edit; none: a new order. */
  order?: EditedOrder;
  /** Closed; `changed`: an order was saved (or a kept save applied) meanwhile. */
  onClose(changed: boolean): void;
}
type Totals = Pick<FormOrder, "amount_untaxed" | "amount_tax" | "amount_total">;

export class OrderForm extends Component<Props> {
  static override template = xml`
    <dialog class="d-dialog" t-ref="dialog" aria-labelledby="d-form-title" t-on-cancel.prevent="cancel">
      <form class="d-form" t-on-submit.prevent="save" t-on-input="recheck" t-on-change="recheck" novalidate="">
        <div class="d-card-head">
          <h2 id="d-form-title" t-esc="state.id ? 'Edit ' + state.name : 'New order'"/>
          <button type="button" class="d-btn d-btn-ghost d-btn-icon" aria-label="Close the form" t-on-click="cancel">✕</button>
        </div>
        <label class="d-field"><span>Customer</span>
          <select class="d-select" t-model.number="state.partnerId" aria-describedby="d-form-errors" data-testid="customer">
            <option value="0">Choose a customer…</option>
            <t t-foreach="state.partners" t-as="p" t-key="p.id"><option t-att-value="p.id"><t t-esc="p.name"/><t t-if="p.city"> — <t t-esc="p.city"/></t></option></t>
          </select>
        </label>
        <table class="d-table d-lines">
          <caption class="d-visually-hidden">Order lines</caption>
          <thead><tr><th scope="col">Product</th><th scope="col" class="d-num">Quantity</th><th scope="col" class="d-num">Unit price</th><th scope="col" class="d-num">Subtotal</th><th scope="col"><span class="d-visually-hidden">Remove</span></th></tr></thead>
          <tbody>
            <tr t-foreach="state.lines" t-as="line" t-key="line.key" data-testid="line">
              <td data-label="Product">
                <select class="d-select" t-att-aria-label="'Product of line ' + (line_index + 1)" t-on-change="(ev) => this.setProduct(line, ev)">
                  <t t-foreach="state.products" t-as="product" t-key="product.id">
                    <option t-att-value="product.id" t-att-selected="product.id === line.productId" t-esc="product.name"/>
                  </t>
                </select>
              </td>
              <td class="d-num" data-label="Quantity"><input class="d-input d-num-input" type="number" min="1" step="1" t-model.number="line.quantity" t-att-aria-label="'Quantity of line ' + (line_index + 1)"/></td>
              <td class="d-num" data-label="Unit price"><input class="d-input d-num-input" type="number" min="0" step="0.01" t-model.number="line.price" t-att-aria-label="'Unit price of line ' + (line_index + 1)"/></td>
              <td class="d-num" data-label="Subtotal" t-esc="formatMoney(subtotal(line), true)"/>
              <td><button type="button" class="d-btn d-btn-sm d-btn-ghost" t-att-aria-label="'Remove line ' + (line_index + 1)" t-on-click="() => this.removeLine(line)">Remove</button></td>
            </tr>
          </tbody>
        </table>
        <button type="button" class="d-btn d-btn-sm d-add-line" t-on-click="addLine">Add a product</button>
        <dl class="d-totals" t-att-data-saved="state.totals ? 'true' : 'false'">
          <dt>Untaxed</dt><dd t-esc="formatMoney(totals().amount_untaxed, true)"/>
          <dt>Taxes (21%)</dt><dd t-esc="formatMoney(totals().amount_tax, true)"/>
          <dt>Total</dt><dd><strong t-esc="formatMoney(totals().amount_total, true)"/></dd>
        </dl>
        <p t-if="state.status" class="d-muted d-form-status" role="status" data-testid="form-status" t-esc="state.status"/>
        <p t-if="state.unavailable" class="d-error-text" role="alert" data-testid="form-unavailable" t-esc="state.unavailable"/>
        <div t-if="state.conflict" class="d-form-conflict" role="alert" data-testid="form-conflict">
          <p>Another user changed <t t-esc="state.name"/> while you were editing it. <span class="d-muted">Reload shows their version; Keep mine keeps yours, and Save then writes it over theirs.</span></p>
          <button type="button" class="d-btn d-btn-sm" t-on-click="reloadTheirs">Reload</button>
          <button type="button" class="d-btn d-btn-sm d-btn-primary" t-on-click="keepMine">Keep mine</button>
        </div>
        <ul id="d-form-errors" class="d-error-text d-form-errors" role="alert">
          <li t-foreach="state.errors" t-as="error" t-key="error" t-esc="error"/>
        </ul>
        <div class="d-form-actions">
          <button type="button" class="d-btn" t-on-click="cancel" t-esc="state.status ? 'Close' : 'Cancel'"/>
          <button type="submit" class="d-btn d-btn-primary" t-att-disabled="state.saving or state.waiting or state.unavailable or state.conflict" t-esc="state.id ? 'Save the changes' : 'Save the quotation'"/>
        </div>
      </form>
    </dialog>`;

  dialog = useRef("dialog");
  formatMoney = formatMoney;
  state = useState({
    partners: [] as Pick<Partner, "id" | "name" | "city">[],
    products: [] as Pick<Product, "id" | "name" | "list_price">[],
    /** The order's id once it has one (edited, or saved): saves then write it. */
    id: 0,
    name: "",
    partnerId: 0,
    lines: [] as Line[],
    /** The server's totals of the order shown, until a line changes. */
    totals: undefined as Totals | undefined,
    errors: [] as string[],
    saving: false,
    /** A save waits in the outbox: the form shows its answer once it is applied. */
    waiting: false,
    /** What the last save did ("S03001 was created."). */
    status: "",
    unavailable: "",
    /** Another user changed the order while it was edited here: Reload or Keep mine, before any save. */
    conflict: false,
  });
  orm!: ReturnType<typeof useService<"orm">>;
  outbox!: ReturnType<typeof useService<"outbox">>;
  private nextKey = 1;
  /** The ids of the order's lines as last read or saved (a removed one is deleted). */
  private original: number[] = [];
  /** The write_date last seen of the order (the table's, then each save's): a change made meanwhile by someone else is a conflict. */
  private writeDate = "";
  /** An order was saved while the form was open. */
  private changed = false;
  /** The form's values as last shown from the server: edited when they differ. */
  private shown = "";
  /** The order as last read or saved (another user's change is told from it). */
  private lastShown: FormOrder | undefined;
  /** The order as another user left it, while the form asks Reload or Keep mine. */
  private theirs: FormOrder | undefined;
  private others!: OtherChanges<FormOrder>;

  override setup() {
    this.orm = useService("orm");
    this.outbox = useService("outbox");
    // Customers, products and the quotations as this device saved them, so the form also opens offline.
    const saved = this.orm.cache({ type: "disk", update: "always" });
    // Another user's change to the order shown, heard on the bus: shown at once, or asked about when edited here.
    this.others = new OtherChanges<FormOrder>(useService("bus"), {
      orderId: () => this.state.id,
      shown: () => this.lastShown,
      // A save kept in the outbox is under way too: its replay's notification may come before its answer.
      saving: () => this.state.saving || this.state.waiting,
      read: (id) => ordersRead(this.orm, [id]),
      changed: (order) => this.otherChange(order),
    });
    onWillDestroy(() => this.others.stop());
    onWillStart(async () => {
      const order = this.props.order;
      let read: [Awaited<ReturnType<typeof customersRead>>, Awaited<ReturnType<typeof productsRead>>, FormOrder[]];
      try {
        read = await Promise.all([customersRead(saved), productsRead(saved), order ? ordersRead(saved, order.scope) : []]);
      } catch (error) {
        // Offline, with nothing of it saved on this device: said in the form, which saves nothing.
        if (!isConnectionLostError(error)) throw error;
        this.state.unavailable = order
          ? `${order.name} is not saved on this device yet: edit it when the server is back.`
          : "The customers and products are not saved on this device yet: make the order when the server is back.";
        return;
      }
      const [partners, products, orders] = read;
      this.state.partners = partners;
      this.state.products = products;
      if (!order) return this.addLine();
      const record = orders.find((candidate) => candidate.id === order.id);
      if (!record) {
        this.state.unavailable = `${order.name} was not found: it may have been deleted meanwhile.`;
        return;
      }
      this.show(record);
      this.writeDate = order.writeDate;
    });
    onMounted(() => (this.dialog.el as HTMLDialogElement).showModal());
  }

  /** Shows `order` as the server read or saved it: its lines (with their ids, for the next save) and totals. */
  private show(order: FormOrder) {
    this.state.id = order.id;
    this.state.name = order.name;
    this.state.partnerId = order.partner_id || 0;
    this.state.lines = order.order_line.map((line) => ({ key: this.nextKey++, lineId: line.id, productId: line.product_id || 0, quantity: line.product_uom_qty, price: line.price_unit }));
    this.state.totals = { amount_untaxed: order.amount_untaxed, amount_tax: order.amount_tax, amount_total: order.amount_total };
    this.original = order.order_line.map((line) => line.id);
    this.writeDate = order.write_date;
    this.shown = this.values();
    this.lastShown = order;
  }

  /** The form's values, to tell whether they were edited since shown. */
  private values(): string {
    return JSON.stringify([this.state.partnerId, this.state.lines.map((line) => [line.lineId, line.productId, line.quantity, line.price])]);
  }

  /** Another user changed the order (or deleted it): shown as it is now unless edited here, then asked about; never overwritten silently. */
  private otherChange(order: FormOrder | undefined) {
    if (!order) {
      this.state.conflict = false;
      this.state.unavailable = `${this.state.name} was deleted by another user.`;
    } else if (this.values() === this.shown) {
      this.show(order);
    } else {
      this.theirs = order;
      this.state.conflict = true;
    }
  }
  /** "Reload": their version, mine dropped. */
  reloadTheirs() {
    if (this.theirs) this.show(this.theirs);
    this.state.conflict = false;
    this.state.errors = [];
  }
  /** "Keep mine": the next save is checked against their version, so it writes mine over theirs, and still over nothing newer. */
  keepMine() {
    if (this.theirs) {
      this.writeDate = this.theirs.write_date;
      this.lastShown = this.theirs;
    }
    this.state.conflict = false;
  }

  subtotal(line: Line) {
    return Math.round(line.quantity * line.price * 100) / 100;
  }
  /** The server's totals while they hold, else the lines' as they are typed. */
  totals(): Totals {
    if (this.state.totals) return this.state.totals;
    const untaxed = this.state.lines.reduce((sum, line) => sum + (Number.isFinite(this.subtotal(line)) ? this.subtotal(line) : 0), 0);
    return { amount_untaxed: untaxed, amount_tax: untaxed * TAX_RATE, amount_total: untaxed * (1 + TAX_RATE) };
  }
  addLine() {
    const product = this.state.products[0];
    if (product) this.state.lines.push({ key: this.nextKey++, productId: product.id, quantity: 1, price: product.list_price });
    this.state.totals = undefined;
  }
  removeLine(line: Line) {
    this.state.lines = this.state.lines.filter((candidate) => candidate.key !== line.key);
    this.state.totals = undefined;
  }
  setProduct(line: Line, event: Event) {
    const product = this.state.products.find((candidate) => candidate.id === Number((event.target as HTMLSelectElement).value));
    if (!product) return;
    line.productId = product.id;
    line.price = product.list_price;
  }
  cancel() {
    this.props.onClose(this.changed);
  }

  /** A change in the form: the server's totals no longer hold; after a refused save, the messages follow it (each goes once its field is right). */
  recheck() {
    this.state.totals = undefined;
    if (this.tried) this.state.errors = this.check();
  }
  /** Save was pressed once: from then on the messages follow each change. */
  private tried = false;

  /** What is wrong with the form, each naming where (nothing is sent while there is any). */
  check(): string[] {
    return checkOrder(this.state.partnerId, this.state.lines);
  }

  async save() {
    if (this.state.unavailable || this.state.waiting) return;
    this.tried = true;
    this.state.errors = this.check();
    if (this.state.errors.length) return;
    const vals = { partner_id: this.state.partnerId, order_line: lineCommands(this.state.lines, this.original) };
    const ids = this.state.id ? [this.state.id] : [];
    if (serverAway(this.env.services.rpc)) return this.keep(ids, vals);
    this.state.saving = true;
    let wrote = false;
    try {
      // One round trip: the answer is the saved order. Exclusive: a double submit writes or creates once.
      // With the write_date last seen: a change by someone else that this form has not shown is refused, not overwritten.
      const [order] = await this.orm.exclusive.webSave("sale.order", ids, vals, { specification: ORDER_SPEC, context: this.lastSeen(ids) });
      this.saved(order!, !ids.length);
      wrote = true;
    } finally {
      this.state.saving = false;
      this.others.saved(wrote, !ids.length);
    }
  }

  /** Odoo's concurrency check for a save of `ids` (none for a create): the write_date this form last saw. */
  private lastSeen(ids: number[]): Record<string, unknown> {
    return ids.length ? { __last_update: { [`sale.order,${ids[0]}`]: this.writeDate } } : {};
  }

  /** Keeps the save in the outbox, applied once when the server is back; the form then shows its answer (a refusal shows in the outbox's panel). */
  private keep(ids: number[], vals: { partner_id: number; order_line: OrderLineCommand[] }) {
    const customer = this.state.partners.find((partner) => partner.id === this.state.partnerId)?.name ?? "a customer";
    // With the write_date last seen: someone else's change meanwhile is a conflict, not overwritten.
    const context = this.lastSeen(ids);
    const label = ids.length ? `Edit ${this.state.name}` : `New order for ${customer}`;
    this.state.waiting = true;
    this.state.status = ids.length ? `${this.state.name} will be updated when the server is back.` : "The new order will be created when the server is back.";
    this.outbox.call<FormOrder[]>("sale.order", "web_save", [ids, vals], { specification: ORDER_SPEC, context }, { label }).then(
      ([order]) => {
        if (status(this) === "destroyed") return;
        this.saved(order!, !ids.length);
        this.others.saved(true, !ids.length);
      },
      (error: Error) => {
        if (status(this) === "destroyed") return;
        this.state.waiting = false;
        this.state.status = error.name === "OutboxDiscardedError" ? "Not saved: the change was discarded." : `Not saved: ${error.message}`;
        this.others.saved(false, !ids.length);
      },
    );
  }

  /** Saved (or applied from the outbox): the form shows the order as the server answered it. */
  private saved(order: FormOrder, created: boolean) {
    this.show(order);
    this.changed = true;
    this.tried = false;
    this.state.errors = [];
    this.state.waiting = false;
    this.state.status = `${order.name} was ${created ? "created" : "updated"}.`;
  }
}
