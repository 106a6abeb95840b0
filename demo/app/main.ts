/** Mounts the dashboard: the library's services plus the demo's session and rpc log. */
import { App } from "@odoo/owl";
import { makeEnv, registry, startServices } from "owl-services";
import { busService } from "owl-services/bus";
import { OutboxIndicator, outboxService } from "owl-services/outbox";
import "owl-services/style.css";
import "owl-services/outbox.css";
import "./offline";
import "./theme.css";
import { Root } from "./components/root/root";
import { rpcLogService } from "./rpc_log_service";
import { DATABASE, dashboardSessionService } from "./session_service";
import "./types";

const services = registry.category("services");
services.add("dashboard_session", dashboardSessionService);
// What other users change reaches every tab (one socket per origin), loaded at the dashboard's first channel.
services.add("bus", busService);
services.add("rpc_log", rpcLogService);
// Writes made while the server is away are kept, and applied once when it is back.
services.add("outbox", outboxService);
registry.category("main_components").add("OutboxIndicator", { Component: OutboxIndicator });

const env = makeEnv({
  // A demo outage lasts seconds: poll sooner than the defaults, made for real outages
  // (DEFAULT_RECONNECT_DELAY 5 s, doubling up to DEFAULT_RECONNECT_MAX_DELAY 30 s): here 1 s, doubling up to 5 s.
  rpc: { reconnectDelay: 1000, reconnectMaxDelay: 5000, cacheVersion: "demo-1" },
  notification: { maxVisible: 4 },
  // An order's totals follow its lines: a write on a line drops the cached reads of orders too.
  orm: { context: {}, invalidates: { "sale.order.line": ["sale.order"] } },
  session: { db: DATABASE },
});
await startServices(env);
await new App(Root, { env, name: "Sales dashboard" }).mount(document.body);
