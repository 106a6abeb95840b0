/**
 * "Work offline" / "Back online", in the header: the switch stays within reach whatever a widget
 * does (one that could not load offline must not take the way back with it). Back online, the
 * connection monitor polls at once (the outbox then replays); switched in another tab, this tab follows.
 */
import { Component, onWillDestroy, useState, xml } from "@odoo/owl";
import { getConnectionMonitor } from "owl-services";
import { isOffline, onOfflineChange, setOffline } from "../../offline";

export class OfflineSwitch extends Component {
  static override template = xml`
    <button class="d-btn" t-att-aria-pressed="state.offline ? 'true' : 'false'" data-testid="offline-switch" t-on-click="toggle" t-esc="state.offline ? 'Back online' : 'Work offline'"/>`;
  static override props = {};

  state = useState({ offline: isOffline() });

  override setup() {
    onWillDestroy(onOfflineChange((offline) => this.follow(offline)));
  }

  toggle() {
    setOffline(!this.state.offline);
    this.follow(!this.state.offline);
  }

  private follow(offline: boolean) {
    this.state.offline = offline;
    if (!offline) getConnectionMonitor(this.env.services.rpc)?.retryNow();
  }
}
