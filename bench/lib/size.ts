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

/**
 * Minified + gzipped bytes of what `code` (an app's entry module) pulls in from the package when
 * the page loads: its entry and the chunks it imports statically (`files` of them, the entry
 * included), each gzipped as the browser gets it. Code behind a dynamic `import()` (the disk
 * cache) is loaded on first use: `lazyGzip`.
 */
export async function shippedBytes(code: string): Promise<{ minified: number; gzip: number; lazyGzip: number; files: number }> {
  const result = await build({
    stdin: { contents: code, resolveDir: ROOT, loader: "ts", sourcefile: "app.ts" },
    bundle: true,
    splitting: true,
    outdir: `${ROOT}.size-out`,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    external: ["@odoo/owl"],
    plugins: [fromSource],
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const files = new Map(result.outputFiles.map((file) => [file.path.slice(ROOT.length), file.contents]));
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((path) => outputs[path]!.entryPoint !== undefined)!;
  // The entry, and what it imports statically, transitively.
  const initial = new Set<string>();
  const visit = (path: string) => {
    if (initial.has(path)) return;
    initial.add(path);
    for (const imported of outputs[path]!.imports) if (imported.kind === "import-statement" && !imported.external) visit(imported.path);
  };
  visit(entry);
  let minified = 0;
  let gzip = 0;
  let lazyGzip = 0;
  for (const [path, contents] of files) {
    const gzipped = gzipSync(contents, { level: 9 }).byteLength;
    if (initial.has(path)) {
      minified += contents.byteLength;
      gzip += gzipped;
    } else if (path.endsWith(".js")) {
      lazyGzip += gzipped;
    }
  }
  return { minified, gzip, lazyGzip, files: initial.size };
}

/** Minified + gzipped bytes of the default stylesheet (its @imports inlined). */
export async function cssBytes(): Promise<{ minified: number; gzip: number }> {
  const result = await build({ entryPoints: [`${ROOT}src/style.css`], bundle: true, minify: true, write: false, logLevel: "silent" });
  const css = result.outputFiles[0]!.contents;
  return { minified: css.byteLength, gzip: gzipSync(css, { level: 9 }).byteLength };
}
