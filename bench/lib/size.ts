// What an app ships: an entry importing from the package, bundled and minified by esbuild with
// OWL left out (the app has it anyway), then gzipped. Reads src/, so it always measures the code
// as it is now.
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The package's entries, by import specifier, as files of src/. */
export const ENTRIES: Record<string, string> = Object.fromEntries(
  Object.keys((JSON.parse(readFileSync(`${ROOT}package.json`, "utf8")) as { exports: Record<string, unknown> }).exports)
    .filter((key) => !key.endsWith(".css") && !key.endsWith(".json"))
    .map((key) => [key === "." ? "owl-services" : `owl-services/${key.slice(2)}`, `${ROOT}src/${key === "." ? "index" : key.slice(2)}.ts`]),
);

const fromSource: Plugin = {
  name: "owl-services-from-src",
  setup(b) {
    b.onResolve({ filter: /^owl-services(\/.*)?$/ }, (args) => {
      const path = ENTRIES[args.path];
      if (!path) throw new Error(`size: ${args.path} is not an entry of package.json's exports`);
      return { path };
    });
  },
};

/** Minified + gzipped bytes of what `code` (an app's entry module) pulls in from the package. */
export async function shippedBytes(code: string): Promise<{ minified: number; gzip: number }> {
  const result = await build({
    stdin: { contents: code, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    external: ["@odoo/owl"],
    plugins: [fromSource],
    write: false,
    logLevel: "silent",
  });
  const js = result.outputFiles[0]!.contents;
  return { minified: js.byteLength, gzip: gzipSync(js, { level: 9 }).byteLength };
}

/** Minified + gzipped bytes of the default stylesheet (its @imports inlined). */
export async function cssBytes(): Promise<{ minified: number; gzip: number }> {
  const result = await build({ entryPoints: [`${ROOT}src/style.css`], bundle: true, minify: true, write: false, logLevel: "silent" });
  const css = result.outputFiles[0]!.contents;
  return { minified: css.byteLength, gzip: gzipSync(css, { level: 9 }).byteLength };
}
