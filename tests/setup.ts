import nodeConsole from "node:console";
import { vi } from "vitest";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

// vi.waitFor gives up after 1 s by default: on a loaded machine a render or an answer can take
// longer than that. Wait as long as expect.poll does (vite.config.ts); an explicit timeout still wins.
const waitFor = vi.waitFor;
vi.waitFor = ((callback, options) => waitFor(callback, typeof options === "number" ? options : { timeout: 20_000, ...options })) as typeof vi.waitFor;

// Node's BroadcastChannel reaches every worker thread of the process, and the DOM test files run in
// worker threads (vite.config.ts): each file's channels get names of their own, so two files' "tabs"
// never hear each other. A test sees the names it gave.
const NodeBroadcastChannel = globalThis.BroadcastChannel;
if (NodeBroadcastChannel) {
  const scope = `test-file-${Math.random().toString(36).slice(2)}:`;
  globalThis.BroadcastChannel = class extends NodeBroadcastChannel {
    constructor(name: string) {
      super(scope + String(name));
    }
    override get name(): string {
      return super.name.slice(scope.length);
    }
  } as typeof BroadcastChannel;
}

// happy-dom gaps that OWL relies on; this file runs before any test file imports OWL.

// Browser tests (tests/browser/) run in node and drive a real Chromium: nothing to patch there.
if (typeof document !== "undefined") {
  patchHappyDom();
}

function patchHappyDom() {
// The library's stylesheet, as an app that imports "owl-services/style.css" has it.
const inline = (file: string): string =>
  readFileSync(file, "utf8").replace(/^@import "([^"]+)";$/gm, (_, path: string) => inline(join(dirname(file), path)));
const style = document.createElement("style");
style.textContent = inline(join(process.cwd(), "src/style.css"));
document.head.append(style);

// OWL reads DOMTokenList at import; happy-dom has the class but not the global.
globalThis.DOMTokenList ??= document.createElement("div").classList.constructor as typeof DOMTokenList;

// happy-dom's Node.prototype.textContent setter does nothing (its subclasses define their own).
// OWL captures Node's setter to empty a parent: route it to the node's own class, as a browser does.
const nodeTextContent = Object.getOwnPropertyDescriptor(Node.prototype, "textContent");
if (nodeTextContent?.set) {
  Object.defineProperty(Node.prototype, "textContent", {
    ...nodeTextContent,
    set(this: Node, value: string | null) {
      for (let proto = Object.getPrototypeOf(this); proto && proto !== Node.prototype; proto = Object.getPrototypeOf(proto)) {
        const own = Object.getOwnPropertyDescriptor(proto, "textContent");
        if (own?.set) {
          own.set.call(this, value);
          return;
        }
      }
    },
  });
}
}

// happy-dom reports a reset or aborted request on its page console, as a browser does; it holds
// Node's own console (vitest's capture comes later). The network tests reset connections on
// purpose: drop exactly those reports, keep everything else.
const nodeConsoleError = nodeConsole.error.bind(nodeConsole);
nodeConsole.error = (...args: unknown[]) => {
  const [first] = args;
  const code = (first as { code?: unknown } | null)?.code;
  if (args.length === 1 && first instanceof Error && (code === "ECONNRESET" || first.message === "socket hang up")) {
    return;
  }
  nodeConsoleError(...args);
};
