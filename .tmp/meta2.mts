import { build } from "esbuild";
const r = await build({ stdin: { contents: `export { registry, makeEnv, startServices, useService } from "./src/core.ts";`, resolveDir: "/work/main", loader: "ts" }, bundle: true, minify: true, format: "esm", external: ["@odoo/owl"], write: false, metafile: true, logLevel: "silent" });
const out = Object.values(r.metafile!.outputs)[0]!;
for (const [k, v] of Object.entries(out.inputs)) console.log(String(v.bytesInOutput).padStart(6), k);
console.log(new TextDecoder().decode(r.outputFiles[0]!.contents));
