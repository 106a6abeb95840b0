// Writes <outDir>/style.css (default dist/): src/style.css with its @import lines replaced by the
// files they name, and the declaration that lets TypeScript check `import "owl-services/style.css"`.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const entry = "src/style.css";
const inline = (file) =>
  readFileSync(file, "utf8").replace(/^@import "([^"]+)";$/gm, (_, path) => inline(join(dirname(file), path)).trim());
const css = inline(entry);
const outDir = process.argv[2] ?? "dist";
writeFileSync(join(outDir, "style.css"), css);
// Types for the side-effect import `import "owl-services/style.css"` (TypeScript checks those now).
writeFileSync(join(outDir, "style.css.d.ts"), "// The stylesheet exports nothing; importing it adds owl-services' default look.\nexport {};\n");
console.log(`${join(outDir, "style.css")}  ${(css.length / 1024).toFixed(2)} kB`);
