/** The orders: search, status filter, sortable columns, paging; confirm, ship and delete per row; a new-order form. */
import { Component, onMounted, onWillStart, onWillDestroy, useState, xml } from "@odoo/owl";
import { useService, type Domain, type SpecRecord } from "owl-services";
import { serverAway } from "../../offline";
import { browser } from "owl-services/internal";
import { STATE_LABELS, formatDate, formatInteger, formatMoney } from "../../format";
import type { SessionInfo } from "../../session_service";
import { PAGE_SIZE } from "../../constants";
import { OrderForm, type EditedOrder } from "../order_form/order_form";
import { customersRead, ordersRead, productsRead } from "../../saved_reads";
import { ROW_SPEC } from "../../specifications";
import { pendingOrders, waitingNote, type PendingOrder } from "./pending_orders";
import { COLUMNS, ariaSort, describeSort, nextSort, sortArrow } from "./sorting";
import { keepLast } from "../../keep_last";
import "./orders_table.css";

/** The group that may confirm and delete orders. */
const MANAGER_GROUP = "sales_team.group_sale_manager";
type Row = SpecRecord<"sale.order", typeof ROW_SPEC>;

export class OrdersTable extends Component<{ user: SessionInfo }> {
  static override template = xml`
    <section class="d-card d-orders" aria-labelledby="d-orders-title">
      <div class="d-section-head d-orders-head">
        <h2 id="d-orders-title">Orders <span class="d-muted d-count" data-testid="orders-count" t-esc="countLabel()"/></h2>
        <div class="d-orders-tools">
          <label class="d-visually-hidden" for="d-orders-search">Search orders</label>
          <input id="d-orders-search" class="d-input" type="search" placeholder="Search reference or customer…" t-att-value="state.search" t-on-input="onSearch" t-on-keydown="onSearchKey"/>
          <label class="d-visually-hidden" for="d-orders-state">Status</label>
          <select id="d-orders-state" class="d-select" t-on-change="onStateFilter">
            <option value="">All statuses</option>
            <t t-foreach="stateOptions" t-as="option" t-key="option[0]"><option t-att-value="option[0]" t-esc="option[1]"/></t>
          </select>
          <button t-if="otherUserTarget()" class="d-btn" data-testid="other-user-edit" t-on-click="otherUserEdits" t-esc="'Another user edits ' + otherUserTarget().name + ' now'"/>
          <button class="d-btn d-btn-primary" t-on-click="() => this.state.formOpen = true">New order</button>
        </div>
      </div>
      <div class="d-table-wrap">
        <table class="d-table" t-att-aria-busy="state.loading ? 'true' : 'false'">
          <caption class="d-visually-hidden">Sales orders, sorted by <t t-esc="describeSort(state.order)"/></caption>
          <thead>
            <tr>
              <th t-foreach="columns" t-as="col" t-key="col.field" scope="col" t-att-class="col.kind === 'number' ? 'd-num' : ''" t-att-aria-sort="ariaSort(state.order, col.field)">
                <button class="d-sort" t-on-click="() => this.sortBy(col.field)"><t t-esc="col.label"/><span aria-hidden="true" t-esc="sortArrow(state.order, col.field)"/></button>
              </th>
              <th scope="col"><span class="d-visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            <tr t-foreach="state.pending" t-as="order" t-key="order.id" class="d-row-pending" data-testid="pending-order-row">
              <td><strong>New order</strong><span class="d-badge d-badge-waiting" data-testid="waiting-badge">waiting</span></td>
              <td data-label="Order date" t-esc="formatDate(order.createdAt)"/>
              <td data-label="Customer" t-esc="order.customer"/>
              <td data-label="Salesperson" t-esc="props.user.name"/>
              <td data-label="Total" class="d-num" t-esc="formatMoney(order.total, true)"/>
              <td data-label="Status"><span class="d-badge d-badge-draft">Quotation</span></td>
              <td class="d-actions-cell"><div class="d-muted">created when the server is back</div></td>
            </tr>
            <tr t-foreach="state.rows" t-as="row" t-key="row.id" data-testid="order-row">
              <td><strong t-esc="row.name"/><span t-if="waiting(row)" class="d-badge d-badge-waiting" data-testid="waiting-badge">waiting</span></td>
              <td data-label="Order date" t-esc="formatDate(row.date_order)"/>
              <td data-label="Customer" t-esc="row.partner_id ? row.partner_id.display_name : ''"/>
              <td data-label="Salesperson" t-esc="row.user_id ? row.user_id.display_name : ''"/>
              <td data-label="Total" class="d-num" t-esc="formatMoney(row.amount_total, true)"/>
              <td data-label="Status"><span t-att-class="'d-badge d-badge-' + row.state" t-esc="stateLabels[row.state]"/></td>
              <td class="d-actions-cell"><div t-if="waiting(row)" class="d-muted" t-esc="state.notes[row.id]"/>
                <div t-elif="state.deleting === row.id" class="d-row-actions" role="group" t-att-aria-label="'Delete ' + row.name + '?'">
                  <span class="d-muted">Delete <t t-esc="row.name"/>?</span>
                  <button class="d-btn d-btn-sm d-btn-danger" t-on-click="() => this.remove(row)" t-att-aria-label="'Yes, delete ' + row.name">Yes, delete</button>
                  <button class="d-btn d-btn-sm" t-on-click="() => this.state.deleting = 0" t-att-aria-label="'Keep ' + row.name">Keep</button>
                </div>
                <div t-else="" class="d-row-actions">
                <span t-if="shippedRef(row)" class="d-badge d-badge-sale" t-att-title="'Tracking ' + shippedRef(row)">Shipped</span>
                <button t-if="row.state === 'draft'" class="d-btn d-btn-sm" t-on-click="() => this.edit(row)" t-att-aria-label="'Edit ' + row.name">Edit</button>
                <button t-if="state.manager and (row.state === 'draft' or row.state === 'sent')" class="d-btn d-btn-sm" t-on-click="() => this.confirm(row)" t-att-aria-label="'Confirm ' + row.name">Confirm</button>
                <button t-if="row.state === 'sale' and !shippedRef(row)" class="d-btn d-btn-sm" t-on-click="() => this.ship(row)" t-att-aria-label="'Ship ' + row.name">Ship</button>
                <button t-if="state.manager and (row.state === 'draft' or row.state === 'cancel')" class="d-btn d-btn-sm d-btn-danger" t-on-click="() => this.state.deleting = row.id" t-att-aria-label="'Delete ' + row.name">Delete</button>
              </div></td>
            </tr>
            <tr t-if="!state.loading and !state.rows.length and !state.pending.length"><td colspan="7" class="d-muted d-empty">No order matches.</td></tr>
          </tbody>
        </table>
      </div>
      <nav class="d-pager" aria-label="Pages of orders">
        <span class="d-muted" t-esc="rangeLabel()"/>
        <button class="d-btn d-btn-sm" t-att-disabled="state.offset === 0" t-on-click="() => this.page(-1)">Previous</button>
        <button class="d-btn d-btn-sm" t-att-disabled="state.offset + pageSize >= state.count" t-on-click="() => this.page(1)">Next</button>
      </nav>
      <OrderForm t-if="state.formOpen" order="state.editing" onClose.bind="closeForm"/>
    </section>`;
  static components = { OrderForm };

  columns = COLUMNS;
  pageSize = PAGE_SIZE;
  stateLabels = STATE_LABELS;
  stateOptions = Object.entries(STATE_LABELS);
  formatDate = formatDate;
  formatMoney = formatMoney;
  describeSort = describeSort;
  ariaSort = ariaSort;
  sortArrow = sortArrow;
  state = useState({ rows: [] as Row[], count: 0, offset: 0, order: "date_order desc", search: "", stateFilter: "", loading: true, formOpen: false, notes: {} as Record<number, string>, pending: [] as PendingOrder[], editing: undefined as EditedOrder | undefined, deleting: 0, manager: false });
  orm!: ReturnType<typeof useService<"orm">>;
  /** The orders' reads: from this device's disk cache at once (a page opened offline shows them), then from the server. */
  cachedOrm!: ReturnType<typeof useService<"orm">>;
  /** Reads the forms need, kept on this device (no reload of the table when they change). */
  forForms!: ReturnType<typeof useService<"orm">>;
  outbox!: ReturnType<typeof useService<"outbox">>;
  notification!: ReturnType<typeof useService<"notification">>;
  private searchTimer: ReturnType<typeof browser.setTimeout> | undefined;

  override setup() {
    this.orm = useService("orm");
    this.cachedOrm = this.orm.cache({ type: "disk", update: "always", onUpdate: (_fresh, changed) => changed && void this.load() });
    // What the new-order form reads, saved on this device now: an order can then be made offline.
    this.forForms = this.orm.cache({ type: "disk", update: "always" });
    const saved = this.forForms;
    this.notification = useService("notification");
    this.outbox = useService("outbox");
    const user = useService("user");
    // Confirm and Delete only for who may (sale.order's rules: Sales/Administrator); the server still refuses anyone else.
    // Offline, the group cannot be asked: the remembered session's is_admin answers.
    const rights = async () => {
      this.state.manager = await user.hasGroup(MANAGER_GROUP).catch(() => this.props.user.is_admin);
    };
    onWillStart(() => Promise.all([this.load(), rights()]));
    onMounted(() => void Promise.all([customersRead(saved), productsRead(saved)]).catch(() => undefined));
    const reload = () => void this.load();
    // Rows with a change in the outbox wear a "waiting" badge; each change applied reloads the page of orders.
    const onOutbox = () => {
      const entries = this.outbox.entries().filter((entry) => entry.model === "sale.order");
      const notes: Record<number, string> = {};
      // A create (`create`, `web_save` on no ids) is a pending row of its own, not a note.
      for (const entry of entries) if (!entry.virtualId && Array.isArray(entry.args[0])) for (const id of entry.args[0] as number[]) notes[id] = waitingNote(entry.method);
      this.state.notes = notes;
      void pendingOrders(saved, entries).then((pending) => (this.state.pending = pending));
    };
    onOutbox();
    this.env.bus.addEventListener("DEMO:DATA_CHANGED", reload);
    this.env.bus.addEventListener("OUTBOX:CHANGED", onOutbox);
    this.env.bus.addEventListener("OUTBOX:APPLIED", reload);
    onWillDestroy(() => {
      this.env.bus.removeEventListener("DEMO:DATA_CHANGED", reload);
      this.env.bus.removeEventListener("OUTBOX:CHANGED", onOutbox);
      this.env.bus.removeEventListener("OUTBOX:APPLIED", reload);
      browser.clearTimeout(this.searchTimer);
    });
  }

  domain(): Domain {
    const domain: Domain = [];
    const search = this.state.search.trim();
    if (search) domain.push("|", ["name", "ilike", search], ["partner_id", "ilike", search]);
    if (this.state.stateFilter) domain.push(["state", "=", this.state.stateFilter]);
    return domain;
  }

  private readonly latest = keepLast();

  async load() {
    this.state.loading = true;
    // One round trip: the page, its names, and its count (`length`).
    const page = this.cachedOrm.webSearchRead("sale.order", this.domain(), { specification: ROW_SPEC, offset: this.state.offset, limit: PAGE_SIZE, order: this.state.order });
    await this.latest(page, ({ records, length }) => {
      this.state.rows = records;
      this.state.count = length;
      this.state.loading = false;
      // The quotations as the edit form reads them, saved on this device: they can then be edited offline.
      const drafts = this.draftIds();
      if (drafts.length) void ordersRead(this.forForms, drafts).catch(() => undefined);
    });
  }

  countLabel() {
    return this.state.loading && !this.state.rows.length ? "" : `(${formatInteger(this.state.count)})`;
  }
  rangeLabel() {
    if (!this.state.count) return "0 orders";
    const last = Math.min(this.state.offset + PAGE_SIZE, this.state.count);
    return `${formatInteger(this.state.offset + 1)}–${formatInteger(last)} of ${formatInteger(this.state.count)}`;
  }
  sortBy(field: string) {
    this.state.order = nextSort(this.state.order, field);
    this.state.offset = 0;
    return this.load();
  }
  page(step: number) {
    this.state.offset = Math.max(0, this.state.offset + step * PAGE_SIZE);
    return this.load();
  }
  onSearch(event: Event) {
    this.state.search = (event.target as HTMLInputElement).value;
    browser.clearTimeout(this.searchTimer);
    this.searchTimer = browser.setTimeout(() => {
      this.state.offset = 0;
      void this.load();
    }, 300);
  }
  onSearchKey(event: KeyboardEvent) {
    if (event.key !== "Enter") return;
    browser.clearTimeout(this.searchTimer);
    this.state.offset = 0;
    return this.load();
  }
  onStateFilter(event: Event) {
    this.state.stateFilter = (event.target as HTMLSelectElement).value;
    this.state.offset = 0;
    return this.load();
  }

  private changed(message: string) {
    this.notification.add(message, { type: "success" });
    this.env.bus.trigger("DEMO:DATA_CHANGED");
  }
  // Failures are not caught here: the error display shows them, titled by why the server refused.
  // Writes run exclusively: a double click on a button sends one request (and says so once).
  async confirm(row: Row) {
    if (this.away()) return this.keep(row, "action_confirm", `Confirm ${row.name}`, `${row.name} will be confirmed when the server is back.`);
    await this.once(`confirm ${row.id}`, () => this.orm.exclusive.call("sale.order", "action_confirm", [[row.id]]), `${row.name} is confirmed.`);
  }
  async ship(row: Row) {
    await this.once(`ship ${row.id}`, () => this.orm.exclusive.call<string[]>("sale.order", "action_ship", [[row.id]]), (tracking) => `${row.name} is booked with the carrier: tracking ${tracking[0]}.`);
  }
  /** The tracking reference of a shipped order (it is not shipped twice), or "". */
  shippedRef(row: Row): string {
    return row.carrier_tracking_ref || "";
  }
  /** Deletes an order once its row's "Yes, delete" is pressed. */
  async remove(row: Row) {
    this.state.deleting = 0;
    if (this.away()) return this.keep(row, "unlink", `Delete ${row.name}`, `${row.name} will be deleted when the server is back.`);
    await this.once(`delete ${row.id}`, () => this.orm.exclusive.unlink("sale.order", [row.id]), `${row.name} was deleted.`);
  }
  /** The first order on this page with a change waiting in the outbox (what "Another user edits … now" changes). */
  otherUserTarget(): Row | undefined {
    return this.state.rows.find((row) => this.waiting(row));
  }
  /** Whether a change to `row` waits in the outbox (it then has a note). */
  waiting(row: Row): boolean {
    return row.id in this.state.notes;
  }
  /** "Another user edits this order now": the demo server changes it as someone else would (reached even while working offline). */
  async otherUserEdits() {
    const row = this.otherUserTarget();
    if (!row) return;
    const response = await fetch("/demo/edit_order", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", method: "call", params: { order_id: row.id }, id: 0 }),
    });
    const reply = (await response.json()) as { error?: { data?: { message?: string } } };
    if (reply.error) this.notification.add(reply.error.data?.message ?? "The other user's edit failed", { type: "danger" });
    else this.notification.add(`Another user changed ${row.name}: your waiting change to it will meet a conflict.`, { type: "warning" });
  }
  /** Working offline, or the server is away: writes go to the outbox instead of failing. */
  private away(): boolean {
    return serverAway(this.env.services.rpc);
  }
  /** Keeps a write in the outbox (applied once when the server is back); a refusal then shows in the outbox's panel. */
  private keep(row: Row, method: string, label: string, message: string): void {
    // With the write_date this page saw: a change made by someone else meanwhile is a conflict, not overwritten.
    const context = { __last_update: { [`sale.order,${row.id}`]: row.write_date } };
    this.outbox.call("sale.order", method, [[row.id]], { context }, { label }).catch(() => undefined);
    this.notification.add(message, { type: "info" });
  }
  private readonly running = new Set<string>();
  /** Runs a write; a second click while it runs joins it and does not announce it twice. */
  private async once<T>(what: string, write: () => Promise<T>, message: string | ((result: T) => string)): Promise<void> {
    const first = !this.running.has(what);
    this.running.add(what);
    try {
      const result = await write();
      if (first) this.changed(typeof message === "string" ? message : message(result));
    } finally {
      if (first) this.running.delete(what);
    }
  }
  /** The form closed; an order saved meanwhile reloads the page (and the widgets that follow the data), after it, not behind it. */
  closeForm(changed: boolean) {
    if (changed && !this.state.editing) this.state.offset = 0;
    this.state.formOpen = false;
    this.state.editing = undefined;
    if (changed) this.env.bus.trigger("DEMO:DATA_CHANGED");
  }
  edit(row: Row) {
    this.state.editing = { id: row.id, name: row.name, writeDate: row.write_date, scope: this.draftIds() };
    this.state.formOpen = true;
  }
  /** The quotations on this page (saved on this device with one read, as the edit form reads them). */
  private draftIds(): number[] {
    return this.state.rows.filter((row) => row.state === "draft").map((row) => row.id);
  }
}
