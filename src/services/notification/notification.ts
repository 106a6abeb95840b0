import { Component, useRef, xml } from "@odoo/owl";
import { useTranslate, type Translate } from "../../translation.js";
import type { NotificationStore, NotificationView } from "./notification_store.js";

/** One notification. Hover and keyboard focus pause its countdown; the progress bar follows it. */
export class Notification extends Component<{ notification: NotificationView; store: NotificationStore }> {
  static override template = xml`
    <div t-ref="root" t-attf-class="o_notification o_notification_{{n.type}} {{n.className}}" t-att-data-type="n.type"
         t-att-data-paused="n.paused ? 'true' : 'false'" t-att-aria-labelledby="titleId"
         t-on-mouseenter="() => this.props.store.pause(n.id, 'hover')"
         t-on-mouseleave="() => this.props.store.resume(n.id, 'hover')"
         t-on-focusin="() => this.props.store.pause(n.id, 'focus')"
         t-on-focusout="onFocusOut">
      <span class="o_notification_icon" aria-hidden="true"/>
      <div class="o_notification_body">
        <div t-if="n.title or n.count > 1" class="o_notification_header">
          <strong t-if="n.title" class="o_notification_title" t-att-id="titleId" t-esc="n.title"/>
          <span t-if="n.count > 1" class="o_notification_count" t-att-title="countLabel" t-esc="'×' + n.count"/>
        </div>
        <div class="o_notification_content" t-att-class="{ o_notification_text: typeof n.message === 'string' }" t-out="n.message"/>
        <div t-if="n.buttons.length" class="o_notification_buttons">
          <t t-foreach="n.buttons" t-as="button" t-key="button_index">
            <button type="button" t-attf-class="o_notification_button {{button.primary ? 'o_notification_button_primary' : ''}}"
                    t-on-click="() => button.onClick()" t-esc="button.name"/>
          </t>
        </div>
      </div>
      <button type="button" class="o_notification_close" t-att-aria-label="closeLabel" t-att-title="closeLabel"
              t-on-click="() => this.props.store.close(n.id)"><span aria-hidden="true">×</span></button>
      <t t-if="!n.sticky" t-foreach="[n.generation]" t-as="generation" t-key="generation">
        <div class="o_notification_progress" aria-hidden="true"
             t-attf-style="animation-duration: {{n.autocloseDelay}}ms; animation-play-state: {{n.paused ? 'paused' : 'running'}};"/>
      </t>
    </div>`;
  static override props = ["notification", "store"];

  private root!: ReturnType<typeof useRef>;
  private t!: Translate;

  override setup() {
    this.root = useRef("root");
    this.t = useTranslate();
  }

  get n(): NotificationView {
    return this.props.notification;
  }

  get titleId(): string | undefined {
    return this.n.title ? `o_notification_title_${this.n.id}` : undefined;
  }

  get closeLabel(): string {
    return this.t("Close notification");
  }

  get countLabel(): string {
    return this.t("Shown {count} times", { count: this.n.count });
  }

  onFocusOut(ev: FocusEvent) {
    // Focus moving between the notification's own buttons keeps it paused.
    if (!(ev.relatedTarget instanceof Node && this.root.el?.contains(ev.relatedTarget))) {
      this.props.store.resume(this.n.id, "focus");
    }
  }
}
