// Writes dist/style.css: src/style.css with its @import lines replaced by the files they name.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const entry = "src/style.css";
const inline = (file) =>
  readFileSync(file, "utf8").replace(/^@import "([^"]+)";$/gm, (_, path) => inline(join(dirname(file), path)).trim());
const css = inline(entry);
writeFileSync("dist/style.css", css);
console.log(`dist/style.css  ${(css.length / 1024).toFixed(2)} kB`);
