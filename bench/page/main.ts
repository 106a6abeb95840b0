// The benchmark page: an OWL app with the library's services, driven from bench/*.bench.ts
// through window.bench. Every measurement runs here, in Chromium, against the loopback server
// of bench/lib/bench_server.ts.
import { App, Component, xml } from "@odoo/owl";
import { QueryClient } from "@tanstack/query-core";
import "owl-services/style.css";
import { keepWrites, outboxService, replay, signIn } from "./outbox_bench";
import { busBench, busService } from "./bus_bench";
import { sharedBusBench } from "./shared_bus_bench";
import { MainComponentsContainer, registry, makeEnv, mountComponent, startServices, useService, type Config, type Domain, type Env, type RPC } from "owl-services";

class Caller extends Component {
  static override template = xml`<div/>`;
  rpc!: RPC;
  override setup() {
    this.rpc = useService("rpc");
  }
}

class Root extends Component {
  static override template = xml`<main><MainComponentsContainer/></main>`;
  static components = { MainComponentsContainer };
}

/** What an app sends: an orm-like call with a context. */
export const PARAMS = {
  model: "res.partner",
  method: "read",
  args: [[1, 2, 3, 4, 5], ["name", "email", "phone", "company_id"]],
  kwargs: { context: { lang: "en_US", tz: "Europe/Brussels", uid: 2, allowed_company_ids: [1] } },
};

let nextId = 0;
/** What a user would write by hand: the same POST, parsed, the error key turned into a rejection. */
function bareCall(route: string, params: object): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", route);
    xhr.setRequestHeader("Content-Type", "application/json");
    xhr.onload = () => {
      const reply = JSON.parse(xhr.responseText) as { result?: unknown; error?: unknown };
      if (reply.error) reject(new Error(JSON.stringify(reply.error)));
      else resolve(reply.result);
    };
    xhr.onerror = () => reject(new Error("network"));
    xhr.send(JSON.stringify({ jsonrpc: "2.0", method: "call", params, id: ++nextId }));
  });
}

function mountTarget(): HTMLElement {
  const el = document.createElement("div");
  document.body.append(el);
  return el;
}

// The browser keeps a timing entry per request (up to 250): not the library's memory, so none here.
performance.setResourceTimingBufferSize(0);

const config = JSON.parse(new URLSearchParams(location.search).get("config") ?? "{}") as Config;
// The outbox bench's page only: the other benches measure the main entry's services alone.
if (new URLSearchParams(location.search).has("outbox")) registry.category("services").add("outbox", outboxService);
// The bus bench's page only (`?bus`).
if (new URLSearchParams(location.search).has("bus")) registry.category("services").add("bus", busService);
const env: Env = makeEnv(config);
await startServices(env);
await new App(Root, { env }).mount(mountTarget());
const caller = (await new App(Caller, { env }).mount(mountTarget())) as Caller;

type Call = (route: string, params: object) => Promise<unknown>;
const callers: Record<"library" | "bare", Call> = {
  library: (route, params) => caller.rpc(route, params),
  bare: bareCall,
};

/** `calls` calls, `concurrency` at a time; resolves with the ms they took. */
async function run(kind: "library" | "bare", route: string, calls: number, concurrency: number): Promise<number> {
  const call = callers[kind];
  let left = calls;
  const worker = async () => {
    while (left-- > 0) await call(route, PARAMS);
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return performance.now() - start;
}

/** `components` components each start `perComponent` calls and are destroyed at once; resolves when the server has answered them all. */
async function destroyInFlight(components: number, perComponent: number, batch = 50): Promise<void> {
  let answered = 0;
  const onResponse = () => answered++;
  env.bus.addEventListener("RPC:RESPONSE", onResponse);
  let leaked = 0;
  for (let done = 0; done < components; done += batch) {
    const started = answered;
    const apps = await Promise.all(
      Array.from({ length: Math.min(batch, components - done) }, async () => {
        const target = mountTarget();
        const app = new App(Caller, { env });
        const component = (await app.mount(target)) as Caller;
        for (let i = 0; i < perComponent; i++) void component.rpc("/echo", PARAMS).then(() => leaked++);
        return { app, target };
      }),
    );
    for (const { app, target } of apps) {
      app.destroy();
      target.remove();
    }
    const expected = started + apps.length * perComponent;
    while (answered < expected) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  env.bus.removeEventListener("RPC:RESPONSE", onResponse);
  if (leaked) throw new Error(`${leaked} calls of destroyed components settled`);
}

/** Makes a call the server answers 503: this tab loses the connection and starts reconnecting. */
async function loseConnection(): Promise<string> {
  return env.services.rpc("/down").then(
    () => "answered",
    (error: Error) => error.name,
  );
}

/** The envs `stopMany` made: a leak keeps them alive after a forced GC. */
const stoppedEnvs: WeakRef<Env>[] = [];
const aliveStoppedEnvs = () => stoppedEnvs.filter((ref) => ref.deref() !== undefined).length;

/** `count` apps, each with its own env and services, used (a call, a notification) and destroyed (stopServices). */
async function stopMany(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const target = mountTarget();
    const app = await mountComponent(Root, target, { config });
    const services = (app as unknown as { env: Env }).env.services;
    stoppedEnvs.push(new WeakRef((app as unknown as { env: Env }).env));
    await services.rpc("/echo", PARAMS);
    services.notification.add(`app ${i}`);
    app.destroy();
    target.remove();
  }
}

const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
/** Elements inside the notification container, live regions included. */
const notificationNodes = () => document.querySelector(".o_notification_manager")?.getElementsByTagName("*").length ?? 0;

/**
 * A burst of `total` distinct notifications, added 500 per frame (OWL renders in between), then
 * closeAll. Returns the add cost per notification around 1,000 and 10,000 open, the most elements
 * the container ever held, closeAll's time to the next painted frame, and the longest task after it.
 */
async function notificationBurst(total: number) {
  const notification = env.services.notification;
  notification.closeAll();
  await frame();
  const manager = document.querySelector(".o_notification_manager")!;
  let maxNodes = 0;
  const observer = new MutationObserver(() => (maxNodes = Math.max(maxNodes, notificationNodes())));
  observer.observe(manager, { childList: true, subtree: true, characterData: true });
  const perAdd: Record<number, number> = {};
  let addMs = 0;
  for (let added = 0; added < total; ) {
    const chunk = Math.min(500, total - added);
    const start = performance.now();
    for (let i = 0; i < chunk; i++) notification.add(`Order ${added + i} could not be saved`, { sticky: true, type: (added + i) % 4 ? "info" : "warning" });
    const ms = performance.now() - start;
    perAdd[added] = ms / chunk;
    addMs += ms;
    added += chunk;
    await frame();
  }
  const announcements = () => [...document.querySelectorAll(".o_notification_live > *")].map((el) => el.textContent ?? "");
  const announcedBefore = new Set(announcements());
  let longest = 0;
  const tasks = new PerformanceObserver((list) => list.getEntries().forEach((entry) => {
    longest = Math.max(longest, entry.duration);
  }));
  const closeStart = performance.now();
  tasks.observe({ type: "longtask" });
  notification.closeAll();
  await frame();
  await frame();
  const closeAllMs = performance.now() - closeStart;
  const announcedByCloseAll = announcements().filter((text) => !announcedBefore.has(text)).length;
  await new Promise((resolve) => setTimeout(resolve, 2000)); // announcements time out, nothing else may run long
  tasks.disconnect();
  observer.disconnect();
  return { addMs, perAddAt1k: perAdd[1000]!, perAddAt10k: perAdd[10_000]!, maxNodes, closeAllMs, longestTaskMs: longest, nodesAfter: notificationNodes(), announcedByCloseAll };
}

/** µs per add with `open` notifications already open: 500 adds, timed, then closed again, 20 times. */
async function notificationAddCost(open: number): Promise<number> {
  const notification = env.services.notification;
  notification.closeAll();
  for (let i = 0; i < open; i++) notification.add(`Open ${i}`, { sticky: true });
  await frame();
  let ms = 0;
  for (let repeat = 0; repeat < 20; repeat++) {
    const start = performance.now();
    const handles = [];
    for (let i = 0; i < 500; i++) handles.push(notification.add(`Added ${repeat}.${i}`, { sticky: true, type: "info" }));
    ms += performance.now() - start;
    handles.forEach((handle) => {
      handle.close();
    });
    await frame();
  }
  notification.closeAll();
  await frame();
  return (ms * 1000) / (20 * 500);
}

/** Elements in the container with as many notifications as it shows, and one waiting: what it needs at most. */
async function notificationNodesBound(): Promise<number> {
  const notification = env.services.notification;
  notification.closeAll();
  const maxVisible = (env.config.notification?.maxVisible ?? 5) + 1;
  for (let i = 0; i < maxVisible; i++) notification.add(`Bound ${i}`, { sticky: true, type: "info" });
  await frame();
  await frame();
  const nodes = notificationNodes();
  notification.closeAll();
  await frame();
  return nodes;
}

/** The read both caches answer: 20 partners, 4 fields each (what a list view shows). */
const PARTNERS_ROUTE = "/web/dataset/call_kw/res.partner/search_read";
const PARTNERS_DOMAIN: Domain = [["customer_rank", ">", 0]];
const PARTNERS_FIELDS = ["name", "email", "phone", "company_id"];
const tanstack = new QueryClient();
const partnersQuery = {
  queryKey: ["res.partner", "search_read", PARTNERS_DOMAIN, PARTNERS_FIELDS],
  queryFn: () => bareCall(PARTNERS_ROUTE, { model: "res.partner", method: "search_read", args: [], kwargs: { domain: PARTNERS_DOMAIN, fields: PARTNERS_FIELDS } }),
  staleTime: Number.POSITIVE_INFINITY,
};

/**
 * µs per cached hit, `hits` sequential awaited reads of the same query once it is cached: the
 * library's `orm.cache({ type: "ram" }).searchRead` (each caller gets its own copy) or TanStack
 * Query's `fetchQuery` with an infinite staleTime (every caller gets the one shared object).
 */
async function cachedHits(kind: "library" | "tanstack", hits: number): Promise<number> {
  // As an app does: the session says who reads (the cache keeps nothing for an unknown user), and
  // its user_context goes with every orm call.
  if (!env.services.session.info?.uid) await env.services.session.refresh();
  const cached = env.services.orm.cache({ type: "ram" });
  const read = kind === "library" ? () => cached.searchRead("res.partner", PARTNERS_DOMAIN, PARTNERS_FIELDS) : () => tanstack.fetchQuery(partnersQuery);
  const first = (await read()) as unknown[];
  if (first.length !== 20) throw new Error(`cachedHits: expected 20 partners, got ${JSON.stringify(first).slice(0, 200)}`);
  let requests = 0;
  const onRequest = () => requests++;
  env.bus.addEventListener("RPC:REQUEST", onRequest);
  const start = performance.now();
  for (let i = 0; i < hits; i++) await read();
  const us = ((performance.now() - start) * 1000) / hits;
  env.bus.removeEventListener("RPC:REQUEST", onRequest);
  if (requests) throw new Error(`cachedHits: ${requests} of ${hits} ${kind} hits went to the server: the cache answered none of them`);
  return us;
}

declare global {
  interface Window {
    bench: typeof api;
  }
}
const api = { ready: true, env, run, cachedHits, destroyInFlight, stopMany, aliveStoppedEnvs, notificationBurst, notificationNodesBound, notificationAddCost, loseConnection, signIn: () => signIn(env), keepWrites: (total: number, sequential: number, ids: number[]) => keepWrites(env, total, sequential, ids), replay: () => replay(env), bus: busBench(env), sharedBus: sharedBusBench() };
window.bench = api;
