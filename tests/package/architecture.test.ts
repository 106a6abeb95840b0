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

/**
 * Module-level state: a WeakMap, WeakSet, Map, Set or Symbol made at a file's top level. What a
 * service starts belongs to what its `start` returned or captured (docs/architecture.md).
 */
const MODULE_STATE = /^(?:export\s+)?(?:const|let)\s+(\w+)[^=\n]*=\s*(?:new\s+(?:WeakMap|WeakSet|Map|Set)\b|Symbol\()/gm;

/** Top-level tables that hold text, never an env's objects: memos of pure functions, bounded, and constants. */
const PURE_TABLES = new Set([
  "src/services/rpc/call/params.ts quotedKeys",
  "src/services/rpc/reads/reads.ts canonicalByText",
  "src/services/rpc/call/xhr_transport.ts UNREACHABLE_STATUSES",
]);

function moduleState(file: string, text: string): string[] {
  return [...text.matchAll(MODULE_STATE)].map((match) => `${file} ${match[1]}`);
}

describe("services end what they start", () => {
  test("no module-level WeakMap, WeakSet, Map, Set or Symbol in src/services or the env's lifecycle files", () => {
    const files = [...sourceFiles(join(ROOT, "src/services")), ...["env.ts", "mount.ts", "use_service.ts", "registry.ts"].map((name) => join(ROOT, "src", name))];
    const found = files.flatMap((file) => moduleState(relative(ROOT, file), readFileSync(file, "utf8")));
    expect(found.filter((entry) => !PURE_TABLES.has(entry))).toEqual([]);
    // Each allowed table still exists: the list does not outlive what it names.
    expect(found.filter((entry) => PURE_TABLES.has(entry)).sort()).toEqual([...PURE_TABLES].sort());
  });

  test("finds module-level state when there is some (the check itself can fail)", () => {
    const text = 'const owners = new WeakMap<object, object>();\nexport const STOP = Symbol("stop");\nfunction f() {\n  const local = new Map();\n}\n';
    expect(moduleState("x.ts", text)).toEqual(["x.ts owners", "x.ts STOP"]);
  });
});

describe("the import graph", () => {
  test("has no cycle in src/ or demo/, type-only imports included", () => {
    expect(findCycle(importGraph(["src", "demo"]))?.join(" -> ")).toBeUndefined();
  });

  test("each rpc layer imports only the layers below it (call <- reads <- writes), and the rpc none of the services built on it", () => {
    const graph = importGraph(["src"]);
    const broken: string[] = [];
    const rules: [layer: string, forbidden: string[]][] = [
      ["src/services/rpc/call/", ["src/services/rpc/reads/", "src/services/rpc/writes/", "src/services/rpc/rpc_"]],
      ["src/services/rpc/reads/", ["src/services/rpc/writes/", "src/services/rpc/rpc_"]],
      ["src/services/rpc/writes/", ["src/services/rpc/rpc_"]],
      ["src/services/rpc/", ["src/use_service.ts", "src/services/orm/", "src/services/session/", "src/services/outbox/", "src/services/bus/"]],
      ["src/services/orm/", ["src/use_service.ts"]],
      // The outbox shares src/idb.ts with the disk cache, not the read layer's files.
      ["src/services/outbox/", ["src/services/rpc/reads/"]],
      // The bus reaches the cache through RPCService's layers, and the session by its shape.
      ["src/services/bus/", ["src/services/rpc/reads/", "src/services/session/", "src/use_service.ts"]],
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
