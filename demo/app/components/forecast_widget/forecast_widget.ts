/**
 * A widget whose call takes 4 s (sale.order.get_forecast). Close it while the call runs: the
 * server answers, the RPC log shows it, and nothing after `await` runs here — useService keeps
 * the promise pending for a destroyed component.
 */
import { Component, onMounted, onWillUnmount, useState, xml } from "@odoo/owl";
import { isConnectionLostError, useService } from "owl-services";
import { formatMoney } from "../../format";

interface Props {
  onClose(): void;
  onLoading(loading: boolean): void;
  onFollowUp(): void;
}

export class ForecastWidget extends Component<Props> {
  static override template = xml`
    <section class="d-card d-forecast" aria-labelledby="d-forecast-title" t-att-aria-busy="state.loading ? 'true' : 'false'">
      <div class="d-card-head">
        <h2 id="d-forecast-title">Revenue forecast</h2>
        <button class="d-btn d-btn-ghost d-btn-icon" aria-label="Close the forecast widget" title="Close" t-on-click="props.onClose">✕</button>
      </div>
      <t t-if="state.away">
        <p class="d-forecast-value d-muted">Not now</p>
        <p class="d-muted" data-testid="forecast-away">The forecast is computed by the server, which cannot be reached. It is computed again when the server is back.</p>
        <button class="d-btn d-btn-sm" t-on-click="load">Try again</button>
      </t>
      <t t-elif="state.loading">
        <p class="d-forecast-value d-muted">Computing…</p>
        <div class="d-progress" role="progressbar" aria-label="Computing the forecast"><span/></div>
        <p class="d-muted">This report takes about 4 seconds on the server. Close the widget now: its call finishes on the server,
          and no code runs on the closed widget.</p>
      </t>
      <t t-else="">
        <p class="d-forecast-value" data-testid="forecast-value" t-esc="formatMoney(state.revenue)"/>
        <p class="d-muted">expected over the next <t t-esc="state.months"/> months, from the last twelve (+4% trend).</p>
        <button class="d-btn d-btn-sm" t-on-click="load">Recompute</button>
      </t>
    </section>`;

  state = useState({ loading: true, away: false, revenue: 0, months: 3 });
  formatMoney = formatMoney;
  orm!: ReturnType<typeof useService<"orm">>;

  override setup() {
    this.orm = useService("orm");
    onMounted(() => this.load());
    // Back from an outage (the dashboard says the data changed): computed again if it could not be.
    const again = () => this.state.away && void this.load();
    this.env.bus.addEventListener("DEMO:DATA_CHANGED", again);
    onWillUnmount(() => this.env.bus.removeEventListener("DEMO:DATA_CHANGED", again));
  }

  async load() {
    this.state.loading = true;
    this.state.away = false;
    this.props.onLoading(true);
    let forecast: { months: number; revenue: number };
    try {
      // A custom method that only reads: declared so, it is shared and never empties the cache of sale.order reads.
      forecast = await this.orm.call<{ months: number; revenue: number }>("sale.order", "get_forecast", [], { months: 3 }, { kind: "read" });
    } catch (error) {
      this.props.onLoading(false);
      // The server is away: said here (the connection notice says the rest); any other failure is the error display's.
      if (!isConnectionLostError(error)) throw error;
      this.state.away = true;
      return;
    }
    // Only reached while the widget lives.
    this.state.revenue = forecast.revenue;
    this.state.months = forecast.months;
    this.state.loading = false;
    this.props.onLoading(false);
    this.props.onFollowUp();
  }
}
