/** Four KPIs from read_group: the last 30 days against the 30 before, and the open quotations. */
import { Component, onWillStart, onWillDestroy, useState, xml } from "@odoo/owl";
import { useService, type Domain } from "owl-services";
import { KPI_PERIOD_DAYS } from "../../constants";
import { formatInteger, formatMoney, odooDatetime } from "../../format";
import { keepLast } from "../../keep_last";
import "./kpi_cards.css";

interface Kpi {
  label: string;
  value: string;
  /** Change against the previous period, in %, when it applies. */
  change?: number;
  hint: string;
}

type StateGroup = { state: string; state_count: number; amount_total: number };
const DAY = 86_400_000;

/** `{ change }` only when there is one (exactOptionalPropertyTypes). */
const change = (now: number, before: number) => (before ? { change: ((now - before) / before) * 100 } : {});

export class KpiCards extends Component {
  static override template = xml`
    <section class="d-kpis" aria-label="Key figures" t-att-aria-busy="state.loading ? 'true' : 'false'">
      <t t-foreach="state.kpis" t-as="kpi" t-key="kpi.label">
        <div class="d-card d-kpi" data-testid="kpi">
          <p class="d-kpi-label" t-esc="kpi.label"/>
          <p class="d-kpi-value" t-esc="kpi.value"/>
          <p class="d-kpi-hint">
            <t t-if="kpi.change !== undefined">
              <span t-att-class="kpi.change >= 0 ? 'd-up' : 'd-down'"><t t-esc="(kpi.change >= 0 ? '▲ ' : '▼ ') + Math.abs(kpi.change).toFixed(1)"/>%</span>
            </t>
            <span class="d-muted" t-esc="kpi.hint"/>
          </p>
        </div>
      </t>
    </section>`;

  state = useState({ loading: true, kpis: [] as Kpi[] });

  override setup() {
    // From the disk cache first (a reload paints at once), then the server's answer when it differs.
    const orm = useService("orm").cache({ type: "disk", update: "always", onUpdate: (_fresh, changed) => changed && void load() });
    const confirmed = async (from: Date, to: Date) => {
      const domain: Domain = [["state", "=", "sale"], ["date_order", ">=", odooDatetime(from)], ["date_order", "<", odooDatetime(to)]];
      const [group] = (await orm.readGroup("sale.order", domain, ["amount_total:sum"], ["state"])) as StateGroup[];
      return { count: group?.state_count ?? 0, amount: group?.amount_total ?? 0 };
    };
    const latest = keepLast();
    const load = async () => {
      this.state.loading = true;
      // Periods end at the next midnight (UTC): the same reads all day long, so the cache can answer them.
      const today = new Date();
      const now = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 1));
      const periodStart = new Date(now.getTime() - KPI_PERIOD_DAYS * DAY);
      const previousStart = new Date(periodStart.getTime() - KPI_PERIOD_DAYS * DAY);
      const reads = Promise.all([
        confirmed(periodStart, now),
        confirmed(previousStart, periodStart),
        orm.readGroup("sale.order", [["state", "in", ["draft", "sent"]]], ["amount_total:sum"], ["state"]) as Promise<StateGroup[]>,
      ]);
      await latest(reads, ([current, previous, quotations]) => {
        const openCount = quotations.reduce((sum, group) => sum + group.state_count, 0);
        const openAmount = quotations.reduce((sum, group) => sum + group.amount_total, 0);
        const average = current.count ? current.amount / current.count : 0;
        const previousAverage = previous.count ? previous.amount / previous.count : 0;
        const period = `vs the ${KPI_PERIOD_DAYS} days before`;
        this.state.kpis = [
          { label: `Revenue, last ${KPI_PERIOD_DAYS} days`, value: formatMoney(current.amount), ...change(current.amount, previous.amount), hint: period },
          { label: `Orders, last ${KPI_PERIOD_DAYS} days`, value: formatInteger(current.count), ...change(current.count, previous.count), hint: period },
          { label: "Open quotations", value: formatInteger(openCount), hint: `${formatMoney(openAmount)} to win` },
          { label: "Average order", value: formatMoney(average), ...change(average, previousAverage), hint: "taxes included" },
        ];
        this.state.loading = false;
      });
    };
    onWillStart(load);
    const reload = () => void load();
    this.env.bus.addEventListener("DEMO:DATA_CHANGED", reload);
    onWillDestroy(() => this.env.bus.removeEventListener("DEMO:DATA_CHANGED", reload));
  }
}
