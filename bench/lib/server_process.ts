/**
 * A server script in a child process of Node, spoken to through its stdio: it prints one JSON line
 * `{"url": ...}` once it listens, answers each question written on its stdin with one JSON line, and
 * stops at the end of its stdin (bench/lib/demo_server_process.ts is such a script).
 */
import { spawn } from "node:child_process";
import { basename } from "node:path";
import { createInterface } from "node:readline";

export interface ServerProcess {
  url: string;
  /** Asks the script `question` (one at a time): resolves with its answer's figure of that name. */
  ask(question: string): Promise<number>;
  /** Ends its stdin and resolves once the process has exited. */
  stop(): Promise<void>;
}

/** Starts `script` under tsx with `env` added to this process's, and `nodeArgs` before it (`--expose-gc`, `--cpu-prof`…). */
export async function startServerProcess(script: string, env: Record<string, string | undefined>, nodeArgs: readonly string[] = []): Promise<ServerProcess> {
  const name = basename(script);
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", script], { env: { ...process.env, ...env }, stdio: "pipe" });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`${name} ended (exit code ${child.exitCode}): ${stderr.trim().slice(-2000)}`);
    return JSON.parse(value) as Record<string, unknown>;
  };
  const { url } = (await next()) as { url: string };
  return {
    url,
    async ask(question) {
      child.stdin.write(`${question}\n`);
      const answer = await next();
      if (typeof answer[question] !== "number") throw new Error(`${name} answered ${JSON.stringify(answer)} to "${question}", not a number`);
      return answer[question] as number;
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.stdin.end();
      }),
  };
}
