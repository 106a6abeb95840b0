/**
 * The outbox's indicator (a main component): hidden while the outbox is empty; otherwise
 * "3 changes waiting", "Saving 2 of 3…" or "1 change failed", announced to screen readers. It
 * opens a panel listing each entry (model, record, what, when, error) with Retry, Keep mine (for a
 * conflict), Discard and Details; Escape closes it and gives the focus back. "3 changes saved"
 * is notified when a replay ends. Register it with the outbox service:
 * `registry.category("main_components").add("OutboxIndicator", { Component: OutboxIndicator })`.
 */
import { Component, onWillDestroy, useRef, useState } from "@odoo/owl";
import { template } from "../../templates.js";
import * as compiled from "../../templates.compiled.js";
import type { Env } from "../../env.js";
import { useTranslate, type Translate } from "../../translation.js";
import type { OutboxEntry } from "./outbox_entry.js";
import type { OutboxService } from "./outbox_service.js";

/** The message the demo server (and Odoo up to 16) refuses a stale write with. */
const CONFLICT = /modified since you last viewed it/;

let nextPanel = 0;

export class OutboxIndicator extends Component {
  static override template = template("owl_services.OutboxIndicator", compiled.owl_services_OutboxIndicator);
  static override props = {};

  state!: { entries: OutboxEntry[]; open: boolean; details: Record<string, boolean>; total: number; done: number };
  t!: Translate;
  panelId = `o_outbox_panel_${++nextPanel}`;
  private outbox!: OutboxService;
  private toggleRef = useRef("toggle");

  override setup() {
    const env = this.env as Env;
    this.t = useTranslate();
    this.outbox = env.services.outbox;
    this.state = useState({ entries: this.outbox.entries(), open: false, details: {}, total: 0, done: 0 });
    const onChanged = (ev: Event) => {
      const { entries } = (ev as CustomEvent<{ entries: OutboxEntry[] }>).detail;
      this.state.entries = entries;
      const sending = entries.some((entry) => entry.state === "sending");
      // A replay: "Saving {current} of {total}…" counts from the first entry sent.
      if (sending) this.state.total = Math.max(this.state.total, this.state.done + entries.filter((entry) => entry.state !== "failed").length);
      if (!entries.length) this.state.open = false;
    };
    const onApplied = () => {
      if (this.state.total) this.state.done++;
    };
    const onSaved = (ev: Event) => {
      const { count } = (ev as CustomEvent<{ count: number }>).detail;
      Object.assign(this.state, { total: 0, done: 0 });
      env.services.notification?.add(count === 1 ? this.t("1 change saved") : this.t("{count} changes saved", { count }), { type: "success" });
    };
    env.bus.addEventListener("OUTBOX:CHANGED", onChanged);
    env.bus.addEventListener("OUTBOX:APPLIED", onApplied);
    env.bus.addEventListener("OUTBOX:SAVED", onSaved);
    onWillDestroy(() => {
      env.bus.removeEventListener("OUTBOX:CHANGED", onChanged);
      env.bus.removeEventListener("OUTBOX:APPLIED", onApplied);
      env.bus.removeEventListener("OUTBOX:SAVED", onSaved);
    });
  }

  /** "failed", "saving" or "waiting": the class of the toggle, and which label it shows. */
  get status(): "failed" | "saving" | "waiting" {
    const { entries } = this.state;
    if (entries.some((entry) => entry.state === "failed")) return "failed";
    return entries.some((entry) => entry.state === "sending") ? "saving" : "waiting";
  }

  get label(): string {
    const { entries, total, done } = this.state;
    if (!entries.length) return "";
    if (this.status === "failed") {
      const failed = entries.filter((entry) => entry.state === "failed").length;
      return failed === 1 ? this.t("1 change failed") : this.t("{count} changes failed", { count: failed });
    }
    if (this.status === "saving" && total) return this.t("Saving {current} of {total}…", { current: Math.min(done + 1, total), total });
    return entries.length === 1 ? this.t("1 change waiting") : this.t("{count} changes waiting", { count: entries.length });
  }

  /** The panel's texts, translated. */
  get labels(): Record<"title" | "retry" | "keepMine" | "discard" | "details", string> {
    return { title: this.t("Changes waiting to be saved"), retry: this.t("Retry"), keepMine: this.t("Keep mine"), discard: this.t("Discard"), details: this.t("Details") };
  }

  /** What the live region says: the label, but not the replay's every step (it says where the replay ends). */
  get announced(): string {
    return this.status === "saving" ? "" : this.label;
  }

  /**
   * What the change is: the app's label ("Confirm S00042"), else told from the call: "Edit
   * sale.order 42", "Delete sale.order 7, 8", "Create sale.order" (create, web_save on no ids), "Confirm sale.order 42"
   * (`action_confirm`: the method's words).
   */
  describe(entry: OutboxEntry): string {
    if (entry.label) return entry.label;
    const first = entry.args[0];
    const ids = Array.isArray(first) ? first.filter((id) => typeof id === "number") : [];
    const record = ids.length ? ` ${ids.join(", ")}` : "";
    // Only creates have a virtual id: `create`, and `web_save` on no ids.
    if (entry.virtualId) return this.t("Create {model}", { model: entry.model });
    if (entry.method === "write" || entry.method === "web_save") return this.t("Edit {model}{record}", { model: entry.model, record });
    if (entry.method === "unlink") return this.t("Delete {model}{record}", { model: entry.model, record });
    const words = entry.method.replace(/^action_/, "").replace(/_/g, " ");
    return `${words.charAt(0).toUpperCase()}${words.slice(1)} ${entry.model}${record}`;
  }

  stateLabel(entry: OutboxEntry): string {
    return entry.state === "failed" ? this.t("failed") : entry.state === "sending" ? this.t("sending") : this.t("waiting");
  }

  iso(entry: OutboxEntry): string {
    return new Date(entry.createdAt).toISOString();
  }

  when(entry: OutboxEntry): string {
    return new Date(entry.createdAt).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  }

  details(entry: OutboxEntry): string {
    return JSON.stringify({ args: entry.args, kwargs: entry.kwargs, key: entry.key }, null, 2);
  }

  isConflict(entry: OutboxEntry): boolean {
    return CONFLICT.test(entry.error?.message ?? "");
  }

  toggle(): void {
    this.state.open = !this.state.open;
  }

  retry(entry: OutboxEntry): void {
    this.outbox.retry(entry.id);
  }

  keepMine(entry: OutboxEntry): void {
    this.outbox.retry(entry.id, { overwrite: true });
  }

  discard(entry: OutboxEntry): void {
    void this.outbox.discard(entry.id).catch(() => undefined);
  }

  toggleDetails(entry: OutboxEntry): void {
    this.state.details[entry.id] = !this.state.details[entry.id];
  }

  onKeydown(ev: KeyboardEvent): void {
    if (ev.key !== "Escape" || !this.state.open) return;
    this.state.open = false;
    (this.toggleRef.el as HTMLElement | null)?.focus();
  }
}
