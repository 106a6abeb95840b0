import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test, vi } from "vitest";
import "../src/index";
import { errorDisplayService } from "../src/services/error_display/error_display_service";
import { getNotificationStore, notificationService } from "../src/services/notification/notification_service";
import { RPCError } from "../src/services/rpc/errors";
import { getConnectionMonitor, rpcService } from "../src/services/rpc/rpc_service";
import { makeTranslate, MESSAGE_IDS } from "../src/translation";
import { MainRoot, makeServiceRegistry, makeTestEnv, mountWithServices, nextRender } from "./helpers";

const FRENCH: Record<string, string> = {
  "Close notification": "Fermer la notification",
  "Loading…": "Chargement…",
  "Connection lost. Trying to reconnect…": "Connexion perdue. Reconnexion…",
  "Connection lost. Trying to reconnect in {seconds} s…": "Connexion perdue. Nouvel essai dans {seconds} s…",
  "Retry now": "Réessayer",
  "Connection restored": "Connexion rétablie",
  "Access Error": "Erreur d'accès",
  Details: "Détails",
};
/** Like Odoo's: returns the id itself when it has no translation. */
const frenchTranslateFn = (text: string) => FRENCH[text] ?? text;

const monitors: { dispose(): void }[] = [];
afterEach(() => monitors.splice(0).forEach((monitor) => {
  monitor.dispose();
}));

async function frenchApp(config = {}) {
  const env = await makeTestEnv(
    { rpc: { shareConnectionState: false, reconnectDelay: 60_000, reconnectMaxDelay: 60_000 }, ...config },
    makeServiceRegistry({ notification: notificationService, rpc: rpcService, error_display: errorDisplayService }),
  );
  monitors.push(getConnectionMonitor(env.services.rpc)!);
  const { target } = await mountWithServices(MainRoot, env, {}, { translateFn: frenchTranslateFn });
  return { env, target };
}

describe("translation", () => {
  test("shows the library's own texts in French through the OWL app's translateFn", async () => {
    const { env, target } = await frenchApp();
    env.services.notification.add("Bonjour", { sticky: true });
    env.bus.trigger("RPC:REQUEST", { id: 1 });
    // The indicator shows after LOADING_INDICATOR_DELAY of activity: waited for, not slept on.
    await vi.waitFor(async () => {
      await nextRender();
      expect(target.querySelector(".o_loading_indicator")?.textContent?.trim()).toBe("Chargement…");
    }, { timeout: 20_000 });
    expect(target.querySelector(".o_notification_close")!.getAttribute("aria-label")).toBe("Fermer la notification");
  });

  test("translates service texts (connection notice, error titles and buttons) once an app shows them", async () => {
    const { env, target } = await frenchApp();
    const monitor = getConnectionMonitor(env.services.rpc)!;
    monitor.reportLost();
    await nextRender();
    expect(target.querySelector(".o_connection_lost .o_notification_content")!.textContent).toMatch(/^Connexion perdue\. Nouvel essai dans \d+ s…$/);
    expect(target.querySelector(".o_connection_lost button.o_notification_button")!.textContent).toBe("Réessayer");
    env.services.error_display.show(new RPCError({ route: "/x", code: 200, message: "Odoo Server Error", data: { name: "odoo.exceptions.AccessError", message: "Accès refusé" } }));
    await nextRender();
    const danger = target.querySelector(".o_notification_danger")!;
    expect(danger.querySelector(".o_notification_title")!.textContent).toBe("Erreur d'accès");
    expect(danger.querySelector(".o_notification_buttons button")!.textContent).toBe("Détails");
    monitor.reportAlive();
    expect(getNotificationStore(env.services.notification)!.visible.map((n) => n.message)).toContain("Connexion rétablie");
  });

  test("falls back to English for a text the translation lacks", async () => {
    const { env, target } = await frenchApp();
    env.services.error_display.show(new RPCError({ route: "/x", code: 200, message: "m", data: { name: "odoo.exceptions.ValidationError", message: "Date invalide" } }));
    await nextRender();
    expect(target.querySelector(".o_notification_title")!.textContent).toBe("Validation Error");
  });

  test("uses config.translate where the app has no translateFn, and interpolates after translating", () => {
    const t = makeTranslate({ services: {} as never, config: { translate: (s) => (s === "{count} more waiting" ? "{count} en attente" : s) } });
    expect(t("{count} more waiting", { count: 3 })).toBe("3 en attente");
    expect(t("Retry now")).toBe("Retry now");
  });

  test("prefers the app's translateFn, passes over one that throws or returns nothing", () => {
    const env = { services: {} as never, config: { translate: () => "from config" } };
    expect(makeTranslate(env, () => "from app")("Copy")).toBe("from app");
    expect(makeTranslate(env, () => "Copy")("Copy")).toBe("from config");
    expect(makeTranslate(env, () => { throw new Error("broken"); })("Copy")).toBe("from config");
    expect(makeTranslate({ services: {} as never, config: { translate: () => "" } })("Copy")).toBe("Copy");
  });

  test("MESSAGE_IDS lists exactly the texts the source translates", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith(".ts")) files.push(path);
      }
    };
    walk("src");
    const used = new Set<string>();
    for (const file of files) {
      const source = readFileSync(file, "utf8");
      for (const match of source.matchAll(/\bt\(\s*"((?:[^"\\]|\\.)*)"/g)) used.add(match[1]!);
      const titles = /CATEGORY_TITLES[^{]*\{([^}]*)\}/.exec(source)?.[1] ?? "";
      for (const match of titles.matchAll(/: "([^"]+)"/g)) used.add(match[1]!);
    }
    expect([...used].sort()).toEqual([...MESSAGE_IDS].sort());
  });
});
