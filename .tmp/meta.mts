import { build } from "esbuild";
const r = await build({ entryPoints: ["/work/main/src/index.ts"], bundle: true, minify: true, format: "esm", external: ["@odoo/owl"], write: false, metafile: true, logLevel: "silent" });
const out = Object.values(r.metafile!.outputs)[0]!;
const rows = Object.entries(out.inputs).map(([k, v]) => [k.replace("src/", ""), v.bytesInOutput] as const).sort((a, b) => b[1] - a[1]);
for (const [k, v] of rows) console.log(String(v).padStart(6), k);
