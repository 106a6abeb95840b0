// A consumer of the packed package, type-checked under each moduleResolution (tests/package/package.test.ts).
// If the package's types failed to resolve they would silently be `any`: the @ts-expect-error lines
// below would then be unused, which is an error, so this file only compiles with real types.
import { App, Component, onWillStart, useState, xml } from "@odoo/owl";
import { MainComponentsContainer, isRPCError, makeEnv, mountComponent, startServices, stopServices, useService, type ORM, type RPC, type RPCError } from "owl-services";
import "owl-services/style.css";

declare module "owl-services" {
  interface Models {
    "sale.order": { id: number; name: string; amount_total: number; partner_id: [number, string] | false };
  }
  interface RPCRoutes {
    "/sale/kpis": { params: { year: number }; result: { revenue: number } };
  }
}

class Orders extends Component {
  static override template = xml`<div><t t-esc="state.count"/> orders<MainComponentsContainer/></div>`;
  static components = { MainComponentsContainer };
  state = useState({ count: 0 });
  orm!: ORM;
  override setup() {
    this.orm = useService("orm");
    onWillStart(async () => {
      this.state.count = await this.orm.searchCount("sale.order", [["state", "=", "sale"]]);
    });
  }
}

export async function quickStart(target: HTMLElement): Promise<void> {
  const app = await mountComponent(Orders, target, { config: { orm: { context: { lang: "en_US" } } } });
  app.destroy();
}

export async function main(target: HTMLElement): Promise<void> {
  const env = makeEnv({ rpc: { timeout: 10_000 }, orm: { context: { lang: "en_US" } } });
  await startServices(env);
  await new App(Orders, { env }).mount(target);

  const rpc: RPC = env.services.rpc;
  const kpis = await rpc("/sale/kpis", { year: 2026 });
  const revenue: number = kpis.revenue;
  // @ts-expect-error: a declared route checks its params
  await rpc("/sale/kpis", { year: "2026" });

  const orders = await env.services.orm.searchRead("sale.order", [], ["name", "partner_id"]);
  const name: string | undefined = orders[0]?.name;
  // @ts-expect-error: not a field of the declared model
  await env.services.orm.searchRead("sale.order", [], ["nope"]);
  // A specification read types each record by the specification.
  const { records } = await env.services.orm.webSearchRead("sale.order", [], { specification: { name: {}, partner_id: { fields: { display_name: {} } } }, limit: 80 });
  const customer: { id: number; display_name: string } | false | undefined = records[0]?.partner_id;
  // @ts-expect-error: not a field of the declared model
  await env.services.orm.webRead("sale.order", [1], { specification: { nope: {} } });
  // A many2one read as [id, name] is written as its id.
  await env.services.orm.write("sale.order", [1], { partner_id: 7 });

  try {
    await rpc("/web/dataset/call_kw/sale.order/action_confirm", { args: [[1]] });
  } catch (error) {
    if (isRPCError(error)) {
      const why: RPCError["category"] = error.category;
      console.log(why, error.userMessage, revenue, name, customer);
    }
  }
  await stopServices(env);
}

// The subpath entries register nothing and export the same things as the main entry.
import { registry as coreRegistry, useService as coreUseService } from "owl-services/core";
import { rpcService } from "owl-services/rpc";
import { ormService } from "owl-services/orm";
import { notificationService, NotificationContainer } from "owl-services/notification";
import { errorDisplayService } from "owl-services/error_display";
import { LoadingIndicator } from "owl-services/loading_indicator";

export function registerOnlyWhatIsUsed(): void {
  const services = coreRegistry.category("services");
  services.add("notification", notificationService).add("rpc", rpcService).add("orm", ormService).add("error_display", errorDisplayService);
  coreRegistry.category("main_components").add("NotificationContainer", { Component: NotificationContainer }).add("LoadingIndicator", { Component: LoadingIndicator });
  const same: typeof useService = coreUseService;
  void same;
}
