/**
 * A new order in a modal <dialog>: customer, lines (product, quantity, unit price), totals. Saved
 * with one `orm.create` carrying the lines as one2many commands; checked before anything is sent.
 */
import { Component, onMounted, onWillStart, useRef, useState, xml } from "@odoo/owl";
import { useService } from "owl-services";
import { formatMoney } from "../../format";
import type { Partner, Product } from "../../types";
import "./order_form.css";

interface Line {
  key: number;
  productId: number;
  quantity: number;
  price: number;
}
interface Props {
  onClose(): void;
  onSaved(name: string): void;
}
const TAX_RATE = 0.21;

export class OrderForm extends Component<Props> {
  static override template = xml`
    <dialog class="d-dialog" t-ref="dialog" aria-labelledby="d-form-title" t-on-cancel.prevent="cancel">
      <form class="d-form" t-on-submit.prevent="save" novalidate="">
        <div class="d-card-head">
          <h2 id="d-form-title">New order</h2>
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
              <td>
                <select class="d-select" t-att-aria-label="'Product of line ' + (line_index + 1)" t-on-change="(ev) => this.setProduct(line, ev)">
                  <t t-foreach="state.products" t-as="product" t-key="product.id">
                    <option t-att-value="product.id" t-att-selected="product.id === line.productId" t-esc="product.name"/>
                  </t>
                </select>
              </td>
              <td class="d-num"><input class="d-input d-num-input" type="number" min="1" step="1" t-model.number="line.quantity" t-att-aria-label="'Quantity of line ' + (line_index + 1)"/></td>
              <td class="d-num"><input class="d-input d-num-input" type="number" min="0" step="0.01" t-model.number="line.price" t-att-aria-label="'Unit price of line ' + (line_index + 1)"/></td>
              <td class="d-num" t-esc="formatMoney(subtotal(line), true)"/>
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
        <ul id="d-form-errors" class="d-error-text d-form-errors" role="alert">
          <li t-foreach="state.errors" t-as="error" t-key="error" t-esc="error"/>
        </ul>
        <div class="d-form-actions">
          <button type="button" class="d-btn" t-on-click="cancel">Cancel</button>
          <button type="submit" class="d-btn d-btn-primary" t-att-disabled="state.saving">Save the quotation</button>
        </div>
      </form>
    </dialog>`;

  dialog = useRef("dialog");
  formatMoney = formatMoney;
  taxRate = TAX_RATE;
  state = useState({ partners: [] as Pick<Partner, "id" | "name" | "city">[], products: [] as Pick<Product, "id" | "name" | "list_price">[], partnerId: 0, lines: [] as Line[], errors: [] as string[], saving: false });
  orm!: ReturnType<typeof useService<"orm">>;
  private nextKey = 1;

  override setup() {
    this.orm = useService("orm");
    onWillStart(async () => {
      const [partners, products] = await Promise.all([
        this.orm.searchRead("res.partner", [["is_company", "=", true]], ["name", "city"], { order: "name" }),
        this.orm.searchRead("product.product", [], ["name", "list_price"], { order: "name" }),
      ]);
      this.state.partners = partners;
      this.state.products = products;
      this.addLine();
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

  async save() {
    this.state.errors = this.check();
    if (this.state.errors.length) return;
    this.state.saving = true;
    try {
      // Exclusive: a double submit creates one order.
      const [id] = await this.orm.exclusive.create("sale.order", [
        {
          partner_id: this.state.partnerId,
          order_line: this.state.lines.map((line) => [0, 0, { product_id: line.productId, product_uom_qty: line.quantity, price_unit: line.price }] as const),
        },
      ]);
      const [order] = await this.orm.read("sale.order", [id!], ["name"]);
      this.props.onSaved(order!.name);
    } finally {
      this.state.saving = false;
    }
  }
}
