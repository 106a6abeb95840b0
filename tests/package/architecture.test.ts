// @vitest-environment node
/**
 * The import graph, read from the source: no cycles (type-only imports included), each rpc layer
 * imports only the layers below it (docs/architecture.md), and so does each layer of the demo server.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return name === "node_modules" || name === "dist" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Each file's relative imports (static, dynamic, `export … from`, type-only), as paths from the root. */
function importGraph(folders: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of folders.flatMap((folder) => sourceFiles(join(ROOT, folder)))) {
    const text = readFileSync(file, "utf8");
    const targets = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map((match) => {
      const target = resolve(dirname(file), match[1]!).replace(/\.js$/, ".ts");
      return relative(ROOT, target.endsWith(".ts") ? target : `${target}.ts`);
    });
    graph.set(relative(ROOT, file), targets);
  }
  return graph;
}

/** One cycle of the graph, as a path a -> b -> a, if there is any. */
function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string): string[] | undefined => {
    if (state.get(file) === "done") return undefined;
    if (state.get(file) === "open") return [...stack.slice(stack.indexOf(file)), file];
    state.set(file, "open");
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      const cycle = visit(target);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(file, "done");
    return undefined;
  };
  for (const file of graph.keys()) {
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return undefined;
}

describe("the import graph", () => {
  test("has no cycle in src/ or demo/, type-only imports included", () => {
    expect(findCycle(importGraph(["src", "demo"]))?.join(" -> ")).toBeUndefined();
  });

  test("each rpc layer imports only the layers below it: call <- reads <- writes", () => {
    const graph = importGraph(["src"]);
    const broken: string[] = [];
    const rules: [layer: string, forbidden: string[]][] = [
      ["src/services/rpc/call/", ["src/services/rpc/reads/", "src/services/rpc/writes/", "src/services/rpc/rpc_"]],
      ["src/services/rpc/reads/", ["src/services/rpc/writes/", "src/services/rpc/rpc_"]],
      ["src/services/rpc/writes/", ["src/services/rpc/rpc_"]],
      ["src/services/rpc/", ["src/use_service.ts", "src/services/orm/"]],
      ["src/services/orm/", ["src/use_service.ts"]],
    ];
    for (const [file, targets] of graph) {
      for (const [layer, forbidden] of rules) {
        if (!file.startsWith(layer)) continue;
        for (const target of targets) if (forbidden.some((prefix) => target.startsWith(prefix))) broken.push(`${file} imports ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  test("the demo server's layers: a request goes http -> orm -> models -> db, never back up", () => {
    const broken: string[] = [];
    const server = "demo/server/";
    // Models build SQL with the orm's compilers (domain, order, identifiers), nothing else of it.
    const compilers = ["orm/domain.ts", "orm/order.ts", "orm/sql.ts"].map((file) => server + file);
    const rules: [layer: string, allowed: (target: string) => boolean][] = [
      [`${server}db/`, (target) => !["http/", "orm/", "models/"].some((above) => target.startsWith(server + above))],
      [`${server}models/`, (target) => !target.startsWith(`${server}http/`) && (!target.startsWith(`${server}orm/`) || compilers.includes(target))],
      [`${server}orm/`, (target) => !target.startsWith(`${server}http/`)],
      // http reaches the database through the orm and the models; of db/ it sees only the interface.
      [`${server}http/`, (target) => !target.startsWith(`${server}db/`) || target === `${server}db/database.ts`],
    ];
    for (const [file, targets] of importGraph(["demo/server"])) {
      for (const [layer, allowed] of rules) {
        if (!file.startsWith(layer)) continue;
        for (const target of targets) if (!allowed(target)) broken.push(`${file} imports ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  test("finds a cycle when there is one (the check itself can fail)", () => {
    const graph = new Map([["a.ts", ["b.ts"]], ["b.ts", ["c.ts"]], ["c.ts", ["a.ts"]]]);
    expect(findCycle(graph)).toEqual(["a.ts", "b.ts", "c.ts", "a.ts"]);
  });
});
