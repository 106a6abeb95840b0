// Reconnection at scale: a deterministic simulation that drives the library's own schedule
// (reconnectAt) for 10,000 clients failing together, against Odoo's schedule and fixed 2-s
// polling, for outages of 5 s to 5 min (bench/lib/herd.ts). Draws bench/herd.svg.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { DEFAULT_RECONNECT_MAX_DELAY } from "../src/services/rpc/call/rpc_options";
import { HERD_CLIENTS, herdFigures, SCHEDULES } from "./lib/herd";
import { herdSvg } from "./lib/herd_svg";
import { record } from "./lib/results";

test("10,000 clients through outages of 5 s to 5 min: library vs Odoo vs fixed polling", () => {
  const library = herdFigures(SCHEDULES.library);
  const odoo = herdFigures(SCHEDULES.odoo);
  const fixed = herdFigures(SCHEDULES.fixed_2s);
  const floor = HERD_CLIENTS / (DEFAULT_RECONNECT_MAX_DELAY / 1000);
  const strip = ({ runs: _runs, ...figures }: ReturnType<typeof herdFigures>) => figures;
  const figures = {
    herd_peak_rps: library.herd_peak_rps,
    recovery_peak_rps: library.recovery_peak_rps,
    herd_floor_rps: Math.round(floor),
    detect_p95_s: library.detect_p95_s,
    herd_total_polls: library.herd_total_polls,
    herd_total_vs_odoo: Number((library.herd_total_polls / odoo.herd_total_polls).toFixed(2)),
    herd_detail: { clients: HERD_CLIENTS, library: strip(library), odoo: strip(odoo), fixed_2s: strip(fixed) },
  };
  record(figures);
  const long = (run: ReturnType<typeof herdFigures>) => run.runs[run.runs.length - 1]!.perSecond;
  const svg = herdSvg(
    [
      { label: "owl-services (phase per client)", color: "#2563eb", perSecond: long(library) },
      { label: "Odoo 17 (×1.5 + jitter, no cap)", color: "#dc2626", perSecond: long(odoo) },
      { label: "fixed 2-s polling", color: "#d97706", perSecond: long(fixed) },
    ],
    { outageS: 300, floor, title: "10,000 clients polling a server that is down for 5 minutes" },
  );
  writeFileSync(fileURLToPath(new URL("herd.svg", import.meta.url)), svg);
  console.log(JSON.stringify(figures, null, 2));
  expect(library.herd_total_polls).toBeGreaterThan(0);
});
