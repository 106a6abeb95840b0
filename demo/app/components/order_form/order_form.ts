/**
 * A new order in a modal <dialog>: customer, lines (product, quantity, unit price), totals. Saved
 * with one `orm.create` carrying the lines as one2many commands; checked before anything is sent.
 */
import { Component, onMounted, onWillStart, useRef, useState, xml } from "@odoo/owl";
import { isConnectionLostError, useService } from "owl-services";
import { serverAway } from "../../offline";
import { TAX_RATE } from "../../constants";
import { customersRead, linesRead, productsRead, type OrderLine } from "../../saved_reads";
import { formatMoney } from "../../format";
import type { Partner, Product } from "../../types";
import "./order_form.css";

interface Line {
  key: number;
  /** The line's id on the server, for a line of the order being edited. */
  lineId?: number;
  productId: number;
  quantity: number;
  price: number;
}
/** The quotation an edit form changes, as the orders table shows it. */
export interface EditedOrder {
  id: number;
  name: string;
  partnerId: number;
  /** The write_date the table saw: a change made meanwhile by someone else is a conflict. */
  writeDate: string;
  /** The quotations whose lines the table saved with one read (`linesRead`); this one among them. */
  lineScope: number[];
}

interface Props {
  /** An existing quotation to edit; none: a new order. */
  order?: EditedOrder;
  onClose(): void;
  /** Saved, with what to tell the user; `kept`: in the outbox, applied when the server is back. */
  onSaved(message: string, kept: boolean): void;
}

export class OrderForm extends Component<Props> {
  static override template = xml`
    <dialog class="d-dialog" t-ref="dialog" aria-labelledby="d-form-title" t-on-cancel.prevent="cancel">
      <form class="d-form" t-on-submit.prevent="save" t-on-input="recheck" t-on-change="recheck" novalidate="">
        <div class="d-card-head">
          <h2 id="d-form-title" t-esc="props.order ? 'Edit ' + props.order.name : 'New order'"/>
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
        <dl class="d-totals">
          <dt>Untaxed</dt><dd t-esc="formatMoney(untaxed(), true)"/>
          <dt>Taxes (21%)</dt><dd t-esc="formatMoney(untaxed() * taxRate, true)"/>
          <dt>Total</dt><dd><strong t-esc="formatMoney(untaxed() * (1 + taxRate), true)"/></dd>
        </dl>
        <p t-if="state.unavailable" class="d-error-text" role="alert" data-testid="form-unavailable" t-esc="state.unavailable"/>
        <ul id="d-form-errors" class="d-error-text d-form-errors" role="alert">
          <li t-foreach="state.errors" t-as="error" t-key="error" t-esc="error"/>
        </ul>
        <div class="d-form-actions">
          <button type="button" class="d-btn" t-on-click="cancel">Cancel</button>
          <button type="submit" class="d-btn d-btn-primary" t-att-disabled="state.saving or state.unavailable" t-esc="props.order ? 'Save the changes' : 'Save the quotation'"/>
        </div>
      </form>
    </dialog>`;

  dialog = useRef("dialog");
  formatMoney = formatMoney;
  taxRate = TAX_RATE;
  state = useState({ partners: [] as Pick<Partner, "id" | "name" | "city">[], products: [] as Pick<Product, "id" | "name" | "list_price">[], partnerId: 0, lines: [] as Line[], errors: [] as string[], saving: false, unavailable: "" });
  orm!: ReturnType<typeof useService<"orm">>;
  outbox!: ReturnType<typeof useService<"outbox">>;
  private nextKey = 1;
  /** The ids of the edited order's lines when the form opened (a removed one is deleted). */
  private original: number[] = [];

  override setup() {
    this.orm = useService("orm");
    this.outbox = useService("outbox");
    // Customers and products as this device saved them, so the form also opens offline.
    const saved = this.orm.cache({ type: "disk", update: "always" });
    onWillStart(async () => {
      const order = this.props.order;
      let read: [Awaited<ReturnType<typeof customersRead>>, Awaited<ReturnType<typeof productsRead>>, OrderLine[]];
      try {
        read = await Promise.all([customersRead(saved), productsRead(saved), order ? linesRead(saved, order.lineScope) : []]);
      } catch (error) {
        // Offline, with nothing of it saved on this device: said in the form, which saves nothing.
        if (!isConnectionLostError(error)) throw error;
        this.state.unavailable = order
          ? `The lines of ${order.name} are not saved on this device yet: edit them when the server is back.`
          : "The customers and products are not saved on this device yet: make the order when the server is back.";
        return;
      }
      const [partners, products, lines] = read;
      this.state.partners = partners;
      this.state.products = products;
      if (!order) return this.addLine();
      this.state.partnerId = order.partnerId;
      for (const line of lines.filter((candidate) => candidate.order_id[0] === order.id)) {
        this.state.lines.push({ key: this.nextKey++, lineId: line.id, productId: line.product_id[0], quantity: line.product_uom_qty, price: line.price_unit });
      }
      this.original = this.state.lines.map((line) => line.lineId!);
    });
    onMounted(() => (this.dialog.el as HTMLDialogElement).showModal());
  }

  subtotal(line: Line) {
    return Math.round(line.quantity * line.price * 100) / 100;
  }
  untaxed() {
    return this.state.lines.reduce((sum, line) => sum + (Number.isFinite(this.subtotal(line)) ? this.subtotal(line) : 0), 0);
  }
  addLine() {
    const product = this.state.products[0];
    if (product) this.state.lines.push({ key: this.nextKey++, productId: product.id, quantity: 1, price: product.list_price });
  }
  removeLine(line: Line) {
    this.state.lines = this.state.lines.filter((candidate) => candidate.key !== line.key);
  }
  setProduct(line: Line, event: Event) {
    const product = this.state.products.find((candidate) => candidate.id === Number((event.target as HTMLSelectElement).value));
    if (!product) return;
    line.productId = product.id;
    line.price = product.list_price;
  }
  cancel() {
    this.props.onClose();
  }

  /** After a refused save, the messages follow the form as it is fixed (each goes once its field is right). */
  recheck() {
    if (this.tried) this.state.errors = this.check();
  }
  /** Save was pressed once: from then on the messages follow each change. */
  private tried = false;

  /** What is wrong with the form, each naming where (nothing is sent while there is any). */
  check(): string[] {
    const errors: string[] = [];
    if (!this.state.partnerId) errors.push("Choose a customer.");
    if (!this.state.lines.length) errors.push("Add at least one product.");
    this.state.lines.forEach((line, index) => {
      if (!Number.isInteger(line.quantity) || line.quantity < 1) errors.push(`Line ${index + 1}: the quantity must be a whole number of at least 1.`);
      if (!Number.isFinite(line.price) || line.price < 0) errors.push(`Line ${index + 1}: the unit price must be 0 or more.`);
    });
    return errors;
  }

  /** The one2many commands of the lines: new ones created; for an edit, kept ones updated and removed ones deleted. */
  private lineCommands() {
    const kept = new Set(this.state.lines.map((line) => line.lineId));
    return [
      ...this.state.lines.map((line) => {
        const vals = { product_id: line.productId, product_uom_qty: line.quantity, price_unit: line.price };
        return line.lineId ? ([1, line.lineId, vals] as const) : ([0, 0, vals] as const);
      }),
      ...this.original.filter((id) => !kept.has(id)).map((id) => [2, id] as const),
    ];
  }

  async save() {
    if (this.state.unavailable) return;
    this.tried = true;
    this.state.errors = this.check();
    if (this.state.errors.length) return;
    const vals = { partner_id: this.state.partnerId, order_line: this.lineCommands() };
    const order = this.props.order;
    if (serverAway(this.env.services.rpc)) {
      // Kept in the outbox, applied once when the server is back (a refusal then shows in its panel).
      if (order) {
        // With the write_date the table saw: someone else's change meanwhile is a conflict, not overwritten.
        const context = { __last_update: { [`sale.order,${order.id}`]: order.writeDate } };
        this.outbox.call("sale.order", "write", [[order.id], vals], { context }, { label: `Edit ${order.name}` }).catch(() => undefined);
        return this.props.onSaved(`${order.name} will be updated when the server is back.`, true);
      }
      const customer = this.state.partners.find((partner) => partner.id === this.state.partnerId)?.name ?? "a customer";
      this.outbox.call("sale.order", "create", [[vals]], {}, { label: `New order for ${customer}` }).catch(() => undefined);
      return this.props.onSaved("The new order will be created when the server is back.", true);
    }
    this.state.saving = true;
    try {
      // Exclusive: a double submit writes or creates once.
      if (order) {
        await this.orm.exclusive.write("sale.order", [order.id], vals);
        return this.props.onSaved(`${order.name} was updated.`, false);
      }
      const [id] = await this.orm.exclusive.create("sale.order", [vals]);
      const [created] = await this.orm.read("sale.order", [id!], ["name"]);
      this.props.onSaved(`${created!.name} was created.`, false);
    } finally {
      this.state.saving = false;
    }
  }
}
