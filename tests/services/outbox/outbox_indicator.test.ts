/** The outbox indicator and its panel, in an env with a real JSON-RPC server (fake-indexeddb for the disk). */
import { IDBFactory } from "fake-indexeddb";
import { afterEach, describe, expect, onTestFinished, test, vi } from "vitest";
import { browser } from "../../../src/browser";
import { stopServices } from "../../../src/env";
import { OutboxIndicator } from "../../../src/services/outbox/outbox_indicator";
import { outboxService, type OutboxService } from "../../../src/services/outbox/outbox_service";
import { getConnectionMonitor } from "../../../src/services/rpc/rpc_service";
import { mountWithServices, nextRender } from "../../helpers";
import { setupRPC } from "../rpc/rpc_helpers";

const WRITE = "/web/dataset/call_kw/sale.order/write";
const HEARTBEAT = "/web/webclient/version_info";

async function page(routes: Parameters<typeof setupRPC>[0]) {
  vi.spyOn(browser, "indexedDB", "get").mockReturnValue(new IDBFactory());
  const ctx = await setupRPC(routes, { orm: { context: { uid: 2 } } }, { outbox: outboxService });
  onTestFinished(() => stopServices(ctx.env));
  const { target } = await mountWithServices(OutboxIndicator, ctx.env);
  const text = async (selector: string) => {
    await nextRender();
    return target.querySelector(selector)?.textContent?.trim() ?? null;
  };
  return { ...ctx, outbox: ctx.env.services.outbox as OutboxService, target, text };
}

afterEach(() => vi.restoreAllMocks());

describe("the outbox indicator", () => {
  test("is hidden while the outbox is empty, counts what waits, lists it in a panel, and says when the replay saved it", async () => {
    let up = false;
    // The server is away for everything, the heartbeat too, until `up`: the monitor cannot see it back before.
    const away = { raw: { status: 503, body: "Service Unavailable" } };
    const answer = () => (up ? { result: true } : away);
    const tab = await page({ [WRITE]: answer, "/web/dataset/call_kw/sale.order/action_confirm": answer, [HEARTBEAT]: () => (up ? { result: { server_version: "17.0" } } : away) });
    expect(tab.target.querySelector(".o_outbox_toggle")).toBeNull();
    const first = tab.outbox.call("sale.order", "write", [[7], { note: "a" }]);
    const second = tab.outbox.call("sale.order", "write", [[8], { note: "b" }], {}, { label: "Rename S00008" });
    const third = tab.outbox.call("sale.order", "action_confirm", [[9]]);
    await vi.waitFor(async () => expect(await tab.text(".o_outbox_toggle")).toBe("3 changes waiting"));
    await vi.waitFor(async () => expect(await tab.text(".o_outbox_live")).toBe("3 changes waiting"));
    // The panel: each entry with what it does (the app's label, else told from the call), its state and its actions.
    const toggle = tab.target.querySelector<HTMLButtonElement>(".o_outbox_toggle")!;
    toggle.click();
    await nextRender();
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    const rows = [...tab.target.querySelectorAll(".o_outbox_entry")].map((row) => row.querySelector(".o_outbox_what span")?.textContent);
    expect(rows).toEqual(["Edit sale.order 7", "Rename S00008", "Confirm sale.order 9"]);
    // Escape closes it and gives the focus back to the toggle.
    tab.target.querySelector<HTMLButtonElement>(".o_outbox_actions button")!.focus();
    tab.target.querySelector(".o_outbox")!.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    await nextRender();
    expect(tab.target.querySelector(".o_outbox_panel")).toBeNull();
    expect(document.activeElement).toBe(tab.target.querySelector(".o_outbox_toggle"));
    // The server is back: both are applied, the indicator goes, and a notification says so.
    const notify = vi.spyOn(tab.env.services.notification, "add");
    up = true;
    getConnectionMonitor(tab.rpc)!.retryNow();
    await expect(Promise.all([first, second, third])).resolves.toEqual([true, true, true]);
    await vi.waitFor(async () => expect(await tab.text(".o_outbox_toggle")).toBeNull());
    expect(notify.mock.calls.filter(([message]) => String(message).includes("saved"))).toEqual([["3 changes saved", { type: "success" }]]);
  });

  test("tells a web_save on no ids as a create and one on ids as an edit", async () => {
    const away = { raw: { status: 503, body: "Service Unavailable" } };
    const tab = await page({ "/web/dataset/call_kw/sale.order/web_save": () => away, [HEARTBEAT]: () => away });
    const create = tab.outbox.call("sale.order", "web_save", [[], { partner_id: 3 }], { specification: {} });
    const edit = tab.outbox.call("sale.order", "web_save", [[create.entry.virtualId, 7], { note: "x" }], { specification: {} });
    for (const call of [create, edit]) void call.catch(() => undefined);
    await vi.waitFor(async () => expect(await tab.text(".o_outbox_live")).toBe("2 changes waiting"));
    tab.target.querySelector<HTMLButtonElement>(".o_outbox_toggle")!.click();
    await nextRender();
    const rows = [...tab.target.querySelectorAll(".o_outbox_entry")].map((row) => row.querySelector(".o_outbox_what span")?.textContent);
    expect(rows).toEqual(["Create sale.order", "Edit sale.order 7"]);
  });

  test("shows a failed entry with the server's reason, Keep mine for a conflict, and Discard", async () => {
    const tab = await page({
      [WRITE]: (params: Record<string, unknown>) => {
        const context = (params.kwargs as { context?: Record<string, unknown> }).context ?? {};
        return "__last_update" in context
          ? { error: { code: 200, message: "Odoo Server Error", data: { name: "odoo.exceptions.ValidationError", message: "A document was modified since you last viewed it (Sales Order:7)" } } }
          : { result: true };
      },
    });
    // Made while another write is in line, so its failure is kept for the user.
    const before = tab.outbox.call("sale.order", "write", [[6], {}]);
    const stale = tab.outbox.call("sale.order", "write", [[7], { note: "mine" }], { context: { __last_update: { "sale.order,7": "2026-11-29 10:00:00" } } });
    void stale.catch(() => undefined);
    await before;
    await vi.waitFor(async () => expect(await tab.text(".o_outbox_toggle")).toBe("1 change failed"));
    tab.target.querySelector<HTMLButtonElement>(".o_outbox_toggle")!.click();
    await nextRender();
    expect(await tab.text(".o_outbox_error")).toBe("A document was modified since you last viewed it (Sales Order:7)");
    const buttons = [...tab.target.querySelectorAll<HTMLButtonElement>(".o_outbox_actions button")];
    expect(buttons.map((button) => button.textContent)).toEqual(["Retry", "Keep mine", "Discard", "Details"]);
    buttons[1]!.click(); // keep mine: sent again without the check, applied
    await vi.waitFor(async () => expect(await tab.text(".o_outbox_toggle")).toBeNull());
    expect(tab.server.requestsTo(WRITE)).toHaveLength(3);
  });
});
