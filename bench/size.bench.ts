// What an app ships (esbuild, minified, gzip -9; OWL left out): the whole package, the core alone
// through owl-services/core, what each part adds, and the stylesheet.
import { expect, test } from "vitest";
import { cssBytes, shippedBytes } from "./lib/size";
import { BASE_APP, BUS_APP, CORE_ONLY_APP, OUTBOX_APP, PARTS, WHOLE_APP } from "./lib/size_parts";
import { record } from "./lib/results";

test("the shipped size of the package, of the core alone and of each part", async () => {
  const whole = await shippedBytes(WHOLE_APP);
  const core = await shippedBytes(CORE_ONLY_APP);
  const base = await shippedBytes(BASE_APP);
  const outbox = await shippedBytes(OUTBOX_APP);
  const bus = await shippedBytes(BUS_APP);
  const css = await cssBytes();
  const sizeByPart: Record<string, number> = {};
  let code = "";
  let before = 0;
  for (const [part, imports] of PARTS) {
    code += `${imports}\n`;
    const { gzip } = await shippedBytes(code);
    sizeByPart[part] = gzip - before;
    before = gzip;
  }
  const figures = {
    bundle_gzip_bytes: whole.gzip,
    base_app_gzip_bytes: base.gzip,
    disk_cache_lazy_gzip_bytes: base.lazyGzip,
    // The outbox's line, loaded on first use, and what its service and indicator add at start.
    outbox_gzip_bytes: outbox.lazyGzip - base.lazyGzip,
    outbox_start_gzip_bytes: outbox.gzip - base.gzip,
    // The bus's socket, tabs and resume, loaded at its first channel, and what its service adds at start.
    bus_gzip_bytes: bus.lazyGzip - base.lazyGzip,
    bus_start_gzip_bytes: bus.gzip - base.gzip,
    css_gzip_bytes: css.gzip,
    core_only_gzip_bytes: core.gzip,
    size_by_part: sizeByPart,
    size_detail: { bundle_minified_bytes: whole.minified, css_minified_bytes: css.minified, core_only_minified_bytes: core.minified, all_parts_gzip_bytes: before },
  };
  record(figures);
  console.log(JSON.stringify(figures, null, 2));
  expect(whole.gzip).toBeGreaterThan(core.gzip);
});
