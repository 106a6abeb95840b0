/**
 * The library's templates, one export each (an app's bundler keeps only those of the components
 * it uses). `npm run templates` compiles them ahead of time into templates.compiled.js, under the
 * same export names, so that no template is compiled in the page: OWL compiles with
 * `new Function`, which a strict Content-Security-Policy forbids.
 */
export const owl_services_ErrorBoundary = `<t t-slot="default"/>`;

export const owl_services_MainComponentsContainer = `
    <div class="o-main-components-container">
      <t t-if="active" t-foreach="state.entries" t-as="entry" t-key="entry[0]">
        <ErrorBoundary onError="(error) => this.onComponentError(entry[0], error)">
          <t t-component="entry[1].Component" t-props="entry[1].props or {}"/>
        </ErrorBoundary>
      </t>
    </div>`;

export const owl_services_LoadingIndicator = `
    <div t-if="state.show" class="o_loading_indicator" role="status" aria-live="polite">
      <span class="o_loading_indicator_spinner" aria-hidden="true"/>
      <span class="o_loading_indicator_text" t-esc="label"/>
    </div>`;

export const owl_services_Notification = `
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
        <div class="o_notification_progress" aria-hidden="true" t-ref="progress"/>
      </t>
    </div>`;

export const owl_services_NotificationContainer = `
    <div class="o_notification_manager" role="region" t-att-aria-label="regionLabel" t-on-keydown="onKeydown" t-ref="manager">
      <div class="o_notification_live" role="status" aria-live="polite" aria-atomic="false">
        <div t-foreach="state.polite" t-as="a" t-key="a.id" t-esc="a.text"/>
      </div>
      <div class="o_notification_live" role="alert" aria-live="assertive" aria-atomic="false">
        <div t-foreach="state.assertive" t-as="a" t-key="a.id" t-esc="a.text"/>
      </div>
      <t t-foreach="state.notifications" t-as="notification" t-key="notification.id">
        <Notification notification="notification" store="store"/>
      </t>
      <div t-if="state.queued" class="o_notification_queued" t-esc="queuedLabel"/>
    </div>`;

export const owl_services_OutboxIndicator = `
    <div class="o_outbox" t-on-keydown="onKeydown">
      <div class="o_outbox_live" role="status" aria-live="polite" aria-atomic="true" t-esc="announced"/>
      <t t-if="state.entries.length">
        <button type="button" t-ref="toggle" t-attf-class="o_outbox_toggle o_outbox_{{status}}" t-att-aria-expanded="state.open ? 'true' : 'false'"
                t-att-aria-controls="panelId" t-on-click="toggle">
          <span class="o_outbox_dot" aria-hidden="true"/>
          <span t-esc="label"/>
        </button>
        <section t-if="state.open" t-att-id="panelId" class="o_outbox_panel" t-att-aria-label="labels.title">
          <h2 class="o_outbox_title" t-esc="labels.title"/>
          <ul class="o_outbox_list">
            <li t-foreach="state.entries" t-as="entry" t-key="entry.id" class="o_outbox_entry" t-att-data-state="entry.state">
              <div class="o_outbox_what">
                <span t-esc="describe(entry)"/>
                <span class="o_outbox_state" t-esc="stateLabel(entry)"/>
                <time class="o_outbox_when" t-att-datetime="iso(entry)" t-esc="when(entry)"/>
              </div>
              <div t-if="entry.error" class="o_outbox_error" t-esc="entry.error.message"/>
              <div class="o_outbox_actions">
                <button t-if="entry.state === 'failed'" type="button" t-on-click="() => this.retry(entry)" t-esc="labels.retry"/>
                <button t-if="entry.state === 'failed' and isConflict(entry)" type="button" t-on-click="() => this.keepMine(entry)" t-esc="labels.keepMine"/>
                <button t-if="entry.state !== 'sending'" type="button" t-on-click="() => this.discard(entry)" t-esc="labels.discard"/>
                <button type="button" t-att-aria-expanded="state.details[entry.id] ? 'true' : 'false'" t-on-click="() => this.toggleDetails(entry)" t-esc="labels.details"/>
              </div>
              <pre t-if="state.details[entry.id]" class="o_outbox_details" t-esc="details(entry)"/>
            </li>
          </ul>
        </section>
      </t>
    </div>`;

export const owl_services_SignInDialog = `
    <dialog t-if="gate.open" t-ref="dialog" class="o_sign_in_dialog" t-att-aria-labelledby="titleId" t-on-cancel="dismiss">
      <form class="o_sign_in_form" t-on-submit="submit">
        <h2 class="o_sign_in_title" t-att-id="titleId" t-esc="labels.title"/>
        <p class="o_sign_in_explain" t-esc="labels.explain"/>
        <label class="o_sign_in_field"><span t-esc="labels.login"/>
          <input name="login" autocomplete="username" required="" t-model="state.login"/>
        </label>
        <label class="o_sign_in_field"><span t-esc="labels.password"/>
          <input name="password" type="password" autocomplete="current-password" required="" t-model="state.password"/>
        </label>
        <p t-if="state.error" class="o_sign_in_error" role="alert" t-esc="state.error"/>
        <div class="o_sign_in_actions">
          <button type="button" class="o_notification_button" t-on-click="dismiss" t-esc="labels.dismiss"/>
          <button type="submit" class="o_notification_button o_notification_button_primary" t-att-disabled="state.busy" t-esc="labels.submit"/>
        </div>
      </form>
    </dialog>`;

export const owl_services_RootFailure = `
    <section class="o_root_failure" role="alert">
      <t t-set="told" t-value="text"/>
      <h1 class="o_root_failure_title" t-esc="told.title"/>
      <p class="o_root_failure_message" t-esc="told.message"/>
      <div class="o_root_failure_actions">
        <button type="button" class="o_notification_button o_notification_button_primary" t-on-click="reload" t-esc="labels.reload"/>
        <button type="button" class="o_notification_button" t-att-aria-expanded="state.details ? 'true' : 'false'" t-on-click="() => this.state.details = !this.state.details" t-esc="labels.details"/>
      </div>
      <pre t-if="state.details" class="o_root_failure_details" tabindex="0" role="region" t-att-aria-label="labels.region" t-esc="told.details"/>
    </section>`;

export const owl_services_RootBoundary = `<RootFailure t-if="state.failure" error="state.failure.error"/><t t-else="" t-component="props.Root" t-props="props.rootProps"/>`;

/** Every template, by its name in OWL. */
export const TEMPLATE_SOURCES = {
  "owl_services.ErrorBoundary": owl_services_ErrorBoundary,
  "owl_services.MainComponentsContainer": owl_services_MainComponentsContainer,
  "owl_services.LoadingIndicator": owl_services_LoadingIndicator,
  "owl_services.Notification": owl_services_Notification,
  "owl_services.NotificationContainer": owl_services_NotificationContainer,
  "owl_services.OutboxIndicator": owl_services_OutboxIndicator,
  "owl_services.SignInDialog": owl_services_SignInDialog,
  "owl_services.RootFailure": owl_services_RootFailure,
  "owl_services.RootBoundary": owl_services_RootBoundary,
} as const;


export type TemplateName = keyof typeof TEMPLATE_SOURCES;
