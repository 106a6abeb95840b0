/** The RPC log: every call of the app (from the bus events), its outcome, duration and, for errors, the traceback. */
import { Component, onWillUnmount, useState, xml } from "@odoo/owl";
import { useService } from "owl-services";
import { formatDuration } from "../../format";
import type { RPCLogEntry } from "../../rpc_log_service";
import "./rpc_log.css";

export class RpcLog extends Component {
  static override template = xml`
    <section class="d-card d-log" aria-labelledby="d-log-title">
      <div class="d-section-head">
        <h2 id="d-log-title">RPC log</h2>
        <div class="d-log-tools">
          <span class="d-muted" data-testid="log-summary" t-esc="summary()"/>
          <label class="d-log-filter"><input type="checkbox" t-model="state.failuresOnly"/> Failures only</label>
          <button class="d-btn d-btn-sm" t-on-click="clear">Clear</button>
        </div>
      </div>
      <div class="d-table-wrap d-log-scroll">
        <table class="d-table d-log-table">
          <caption class="d-visually-hidden">Calls made by the dashboard and notifications pushed by the bus, newest first</caption>
          <thead><tr><th scope="col">Time</th><th scope="col">Call</th><th scope="col">Outcome</th><th scope="col">Why</th><th scope="col" class="d-num">Duration</th><th scope="col"><span class="d-visually-hidden">Details</span></th></tr></thead>
          <tbody>
            <t t-foreach="visible()" t-as="entry" t-key="entry.id">
              <tr t-if="entry.pushed" class="d-log-bus" data-testid="log-bus" t-att-data-type="entry.pushed.type" t-att-data-model="entry.pushed.model" t-att-data-ids="entry.pushed.ids.join(',')">
                <td class="d-muted" data-label="Time" t-esc="time(entry)"/>
                <td class="d-log-call" data-label="Call"><code t-esc="entry.label"/></td>
                <td data-label="Outcome"><span class="d-badge d-badge-bus" t-esc="entry.outcome"/></td>
                <td class="d-log-why" data-label="Why" t-esc="entry.message"/>
                <td class="d-num" data-label="Duration">–</td>
                <td/>
              </tr>
              <tr t-else="" data-testid="log-row" t-att-data-outcome="entry.outcome">
                <td class="d-muted" data-label="Time" t-esc="time(entry)"/>
                <td class="d-log-call" data-label="Call"><code t-esc="entry.label"/><span t-if="entry.outbox" class="d-badge d-badge-waiting" t-att-title="'Idempotency-Key ' + entry.key">outbox · key <t t-esc="entry.key.slice(0, 8)"/></span></td>
                <td data-label="Outcome"><span t-att-class="'d-badge d-badge-' + entry.outcome" t-esc="entry.outcome"/></td>
                <td class="d-log-why" data-label="Why"><t t-if="entry.category"><strong t-esc="entry.category"/> · </t><t t-esc="entry.message or ''"/></td>
                <td class="d-num" data-label="Duration" t-esc="entry.duration === undefined ? '…' : formatDuration(entry.duration)"/>
                <td>
                  <button t-if="entry.debug or entry.params" class="d-btn d-btn-sm d-btn-ghost" t-att-aria-expanded="state.open[entry.id] ? 'true' : 'false'"
                          t-att-aria-controls="'d-log-details-' + entry.id" t-on-click="() => this.toggle(entry.id)">
                    <t t-esc="state.open[entry.id] ? 'Hide' : (entry.debug ? 'Traceback' : 'Params')"/>
                  </button>
                </td>
              </tr>
              <tr t-if="state.open[entry.id]" class="d-log-details-row">
                <td colspan="6" t-att-id="'d-log-details-' + entry.id">
                  <p class="d-muted">Params</p>
                  <pre class="d-pre" tabindex="0" t-att-aria-label="'Params of call ' + entry.id" t-esc="json(entry.params)"/>
                  <t t-if="entry.debug">
                    <p class="d-muted"><t t-esc="entry.exceptionName"/> — server traceback</p>
                    <pre class="d-pre" tabindex="0" t-att-aria-label="'Server traceback of call ' + entry.id" t-esc="entry.debug"/>
                  </t>
                </td>
              </tr>
            </t>
            <tr t-if="!visible().length"><td colspan="6" class="d-muted d-empty">No calls yet.</td></tr>
          </tbody>
        </table>
      </div>
    </section>`;

  state = useState({ entries: [] as readonly RPCLogEntry[], failuresOnly: false, open: {} as Record<number, boolean> });
  formatDuration = formatDuration;
  log!: ReturnType<typeof useService<"rpc_log">>;

  override setup() {
    this.log = useService("rpc_log");
    this.state.entries = this.log.entries;
    const unsubscribe = this.log.subscribe(() => {
      this.state.entries = this.log.entries;
    });
    onWillUnmount(unsubscribe);
  }

  visible() {
    const entries = this.state.failuresOnly ? this.state.entries.filter((e) => e.outcome !== "result" && e.outcome !== "pending" && e.outcome !== "pushed") : this.state.entries;
    return entries.slice(0, 60);
  }
  summary() {
    const done = this.state.entries.filter((e) => e.duration !== undefined);
    const failed = done.filter((e) => e.outcome !== "result").length;
    const durations = done.map((e) => e.duration!).sort((a, b) => a - b);
    const median = durations.length ? formatDuration(durations[Math.floor(durations.length / 2)]!) : "–";
    return `${done.length} calls · ${failed} failed · median ${median}`;
  }
  time(entry: RPCLogEntry) {
    return new Date(entry.startedAt).toLocaleTimeString("en-GB");
  }
  json(value: unknown) {
    return JSON.stringify(value, null, 2);
  }
  toggle(id: number) {
    this.state.open[id] = !this.state.open[id];
  }
  clear() {
    this.log.clear();
  }
}
