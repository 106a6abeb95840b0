// The library's components under a strict CSP: the root is the library's own MainComponentsContainer,
// so every template on the page is one the library ships precompiled.
import { App } from "@odoo/owl";
import "owl-services/style.css";
import { MainComponentsContainer, makeEnv, RPCError, startServices, type Env } from "owl-services";

declare global {
  interface Window {
    csp: { env: Env; RPCError: typeof RPCError; ready: true };
  }
}

const env = makeEnv({ rpc: { shareConnectionState: false } });
await startServices(env);
await new App(MainComponentsContainer, { env }).mount(document.body);
window.csp = { env, RPCError, ready: true };
