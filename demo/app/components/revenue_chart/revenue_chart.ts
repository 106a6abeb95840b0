/** Monthly revenue over two years (read_group by date_order:month), drawn with Chart.js; a table for screen readers. */
import { Component, onMounted, onWillStart, onWillDestroy, useRef, useState, xml } from "@odoo/owl";
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from "chart.js";
import { useService } from "owl-services";
import { formatMoney, odooDatetime } from "../../format";
import { keepLast } from "../../keep_last";
import "./revenue_chart.css";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

interface Month {
  label: string;
  revenue: number;
  orders: number;
}

const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

export class RevenueChart extends Component {
  static override template = xml`
    <section class="d-card d-chart" aria-labelledby="d-chart-title">
      <div class="d-card-head">
        <h2 id="d-chart-title">Monthly revenue</h2>
        <span class="d-muted">confirmed orders, last 24 months</span>
      </div>
      <div class="d-chart-canvas">
        <canvas t-ref="canvas" role="img" t-att-aria-label="summary()"/>
      </div>
      <details class="d-chart-table">
        <summary>Show as a table</summary>
        <table class="d-table">
          <thead><tr><th scope="col">Month</th><th scope="col" class="d-num">Orders</th><th scope="col" class="d-num">Revenue</th></tr></thead>
          <tbody>
            <tr t-foreach="state.months" t-as="m" t-key="m.label">
              <td t-esc="m.label"/><td class="d-num" t-esc="m.orders"/><td class="d-num" t-esc="formatMoney(m.revenue)"/>
            </tr>
          </tbody>
        </table>
      </details>
    </section>`;

  state = useState({ months: [] as Month[] });
  canvas = useRef("canvas");
  chart: Chart | undefined;
  formatMoney = formatMoney;

  override setup() {
    // From the disk cache first, then the server's answer when it differs.
    const orm = useService("orm").cache({ type: "disk", update: "always", onUpdate: (_fresh, changed) => changed && void load() });
    const latest = keepLast();
    const load = async () => {
      const now = new Date();
      const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 23, 1));
      const groups = orm.readGroup("sale.order", [["state", "=", "sale"], ["date_order", ">=", odooDatetime(start)]], ["amount_total:sum"], ["date_order:month"], {
        orderby: "date_order:month asc",
      }) as Promise<{ "date_order:month": string; date_order_count: number; amount_total: number }[]>;
      await latest(groups, (months) => {
        this.state.months = months.map((g) => ({ label: g["date_order:month"], revenue: g.amount_total, orders: g.date_order_count }));
        this.draw();
      });
    };
    onWillStart(load);
    onMounted(() => this.draw());
    const reload = () => void load();
    const scheme = matchMedia("(prefers-color-scheme: dark)");
    const redraw = () => {
      this.chart?.destroy();
      this.chart = undefined;
      this.draw();
    };
    this.env.bus.addEventListener("DEMO:DATA_CHANGED", reload);
    scheme.addEventListener("change", redraw);
    onWillDestroy(() => {
      this.env.bus.removeEventListener("DEMO:DATA_CHANGED", reload);
      scheme.removeEventListener("change", redraw);
      this.chart?.destroy();
    });
  }

  summary(): string {
    const months = this.state.months;
    if (!months.length) return "Monthly revenue: loading";
    const best = months.reduce((a, b) => (b.revenue > a.revenue ? b : a));
    const last = months.at(-1)!;
    return `Monthly revenue for the last ${months.length} months. Highest: ${best.label}, ${formatMoney(best.revenue)}. Latest: ${last.label}, ${formatMoney(last.revenue)}.`;
  }

  draw() {
    const canvas = this.canvas.el as HTMLCanvasElement | null;
    if (!canvas) return;
    const labels = this.state.months.map((m) => m.label.replace(/^(\w{3})\w* (\d{2})(\d{2})$/, "$1 $3"));
    const data = this.state.months.map((m) => m.revenue);
    if (this.chart) {
      this.chart.data.labels = labels;
      this.chart.data.datasets[0]!.data = data;
      this.chart.update();
      return;
    }
    const fg = css("--d-muted");
    this.chart = new Chart(canvas, {
      type: "bar",
      data: { labels, datasets: [{ label: "Revenue", data, backgroundColor: css("--d-accent"), borderRadius: 4, maxBarThickness: 28 }] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { tooltip: { callbacks: { label: (item) => formatMoney(item.parsed.y ?? 0) } } },
        scales: {
          x: { ticks: { color: fg, maxRotation: 0, autoSkip: true, autoSkipPadding: 8 }, grid: { display: false } },
          y: { ticks: { color: fg, callback: (value) => formatMoney(Number(value)) }, grid: { color: css("--d-border") } },
        },
      },
    });
  }
}
