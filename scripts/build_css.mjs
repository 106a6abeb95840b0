// Writes <outDir>/style.css (default dist/): src/style.css with its @import lines replaced by the
// files they name, and the declaration that lets TypeScript check `import "owl-services/style.css"`.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const inline = (file) =>
  readFileSync(file, "utf8").replace(/^@import "([^"]+)";$/gm, (_, path) => inline(join(dirname(file), path)).trim());
const outDir = process.argv[2] ?? "dist";
// The default look, and the outbox's (apart: apps without the outbox do not load it).
for (const name of ["style.css", "outbox.css"]) {
  const css = inline(`src/${name}`);
  writeFileSync(join(outDir, name), css);
  // Types for the side-effect import `import "owl-services/style.css"` (TypeScript checks those now).
  writeFileSync(join(outDir, `${name}.d.ts`), "// The stylesheet exports nothing; importing it adds owl-services' look.\nexport {};\n");
  console.log(`${join(outDir, name)}  ${(css.length / 1024).toFixed(2)} kB`);
}
