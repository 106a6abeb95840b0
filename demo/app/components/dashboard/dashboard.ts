/**
 * The signed-in page: KPIs, the revenue chart beside the forecast widget, the orders, and the
 * "What can go wrong" lab. The KPIs, the chart and the orders each load in a WidgetBoundary: one
 * that cannot load fails alone. Data reloads on DEMO:DATA_CHANGED: after a write, when the
 * connection comes back, and when the bus says another user changed orders (nothing polls).
 */
import { Component, onMounted, onWillUnmount, useState, xml } from "@odoo/owl";
import { getConnectionMonitor, useService } from "owl-services";
import { browser } from "owl-services/internal";
import { LIVE_RELOAD_DELAY } from "../../constants";
import type { SessionInfo } from "../../session_service";
import { FailureLab } from "../failure_lab/failure_lab";
import { ForecastWidget } from "../forecast_widget/forecast_widget";
import { KpiCards } from "../kpi_cards/kpi_cards";
import { OwnWrites } from "./own_writes";
import { OrdersTable } from "../orders_table/orders_table";
import { RevenueChart } from "../revenue_chart/revenue_chart";
import { WidgetBoundary } from "../widget_boundary/widget_boundary";
import "./dashboard.css";

export const DATA_CHANGED = "DEMO:DATA_CHANGED";

export class Dashboard extends Component<{ user: SessionInfo }> {
  static override template = xml`
    <div class="d-dashboard">
      <WidgetBoundary label="'Key figures'"><KpiCards/></WidgetBoundary>
      <div class="d-row">
        <WidgetBoundary label="'Monthly revenue'"><RevenueChart/></WidgetBoundary>
        <div class="d-forecast-slot">
          <ForecastWidget t-if="state.forecastOpen" onClose.bind="closeForecast" onLoading.bind="forecastLoading" onFollowUp.bind="forecastFollowUp"/>
          <section t-else="" class="d-card d-forecast-closed" aria-labelledby="d-forecast-closed-title">
            <h2 id="d-forecast-closed-title">Forecast widget closed</h2>
            <t t-if="state.closedInFlight">
              <p>It was closed while its 4-second call was in flight. The server still answered (see the RPC log),
                 but no code after <code>await</code> ran on the destroyed widget:</p>
              <p class="d-followups" data-testid="followups-after-close"><strong t-esc="state.followUpsAfterClose"/> follow-up runs after close</p>
            </t>
            <p t-else="" class="d-muted">It was closed after its call had finished.</p>
            <button class="d-btn" t-on-click="reopenForecast">Reopen the forecast</button>
          </section>
        </div>
      </div>
      <WidgetBoundary label="'Orders'"><OrdersTable user="props.user"/></WidgetBoundary>
      <FailureLab user="props.user"/>
    </div>`;
  static components = { FailureLab, ForecastWidget, KpiCards, OrdersTable, RevenueChart, WidgetBoundary };

  state = useState({ forecastOpen: true, forecastInFlight: false, closedInFlight: false, followUpsAfterClose: 0 });

  override setup() {
    const rpc = useService("rpc");
    // When the connection comes back, reload what the outage may have left stale.
    const monitor = getConnectionMonitor(rpc);
    let unsubscribe: (() => void) | undefined;
    onMounted(() => {
      unsubscribe = monitor?.subscribe((event) => {
        if (event.type === "restored") this.env.bus.trigger(DATA_CHANGED);
      });
    });
    onWillUnmount(() => unsubscribe?.());
    this.followOrders();
  }

  /**
   * The orders' channel: a `records/changed` of sale.order (the bus has dropped its cached reads
   * already) reloads the widgets, once per burst of notifications; not one of this tab's own writes.
   */
  private followOrders() {
    const bus = useService("bus");
    let timer: ReturnType<typeof browser.setTimeout> | undefined;
    // Added once mounted: a dashboard replacing another (a change of user) adds it after the old one removed it.
    onMounted(() => bus.addChannel("sale.order"));
    const own = new OwnWrites(this.env);
    const stop = bus.subscribe<{ model: string; ids: number[] }>("records/changed", ({ model, ids }) => {
      if (model !== "sale.order" || own.own(ids) || timer !== undefined) return;
      timer = browser.setTimeout(() => {
        timer = undefined;
        this.env.bus.trigger(DATA_CHANGED);
      }, LIVE_RELOAD_DELAY);
    });
    onWillUnmount(() => {
      stop();
      own.stop();
      browser.clearTimeout(timer);
      bus.deleteChannel("sale.order");
    });
  }

  closeForecast() {
    this.state.closedInFlight = this.state.forecastInFlight;
    this.state.forecastOpen = false;
  }
  reopenForecast() {
    this.state.forecastOpen = true;
    this.state.followUpsAfterClose = 0;
  }
  forecastLoading(loading: boolean) {
    this.state.forecastInFlight = loading;
  }
  /** Called by the widget after its await: never for a destroyed widget, which is the point. */
  forecastFollowUp() {
    if (!this.state.forecastOpen) this.state.followUpsAfterClose++;
  }
}
