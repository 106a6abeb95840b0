import { browser } from "../../browser.js";

/** HTTP statuses that mean the server itself could not be reached (a proxy answered for it). */
export const UNREACHABLE_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/** Whether `outcome` reached the server: any response but a proxy's 502/503/504. */
export function reachedServer(outcome: TransportOutcome): boolean {
  return outcome.kind === "response" && !UNREACHABLE_STATUSES.has(outcome.status);
}

/** What one POST came back with, before it is read as JSON-RPC. */
export type TransportOutcome =
  | { kind: "response"; status: number; contentType: string; text: string }
  /** No response at all: the request failed at the network level (or status 0). */
  | { kind: "network" }
  | { kind: "aborted" };

export interface Transfer {
  promise: Promise<TransportOutcome>;
  /** Cancels the request; the promise resolves `{ kind: "aborted" }` (nothing if it already settled). */
  abort(): void;
}

/** POSTs `body` as `application/json` through `XMLHttpRequest`. Never rejects: every outcome is a value. */
export function postJson(url: string, body: string, headers: Record<string, string> = {}): Transfer {
  const xhr = new browser.XMLHttpRequest();
  let settle!: (outcome: TransportOutcome) => void;
  let settled = false;
  const promise = new Promise<TransportOutcome>((resolve) => {
    settle = (outcome) => {
      if (!settled) {
        settled = true;
        resolve(outcome);
      }
    };
  });
  xhr.addEventListener("load", () => {
    if (xhr.status === 0) {
      settle({ kind: "network" });
    } else {
      settle({
        kind: "response",
        status: xhr.status,
        contentType: (xhr.getResponseHeader("Content-Type") ?? "").split(";")[0]!.trim(),
        text: xhr.responseText,
      });
    }
  });
  xhr.addEventListener("error", () => settle({ kind: "network" }));
  xhr.addEventListener("abort", () => settle({ kind: "aborted" }));
  try {
    xhr.open("POST", url);
    for (const [name, value] of Object.entries(headers)) {
      if (name.toLowerCase() !== "content-type") {
        xhr.setRequestHeader(name, value);
      }
    }
    xhr.setRequestHeader("Content-Type", "application/json");
    xhr.send(body);
  } catch {
    // A URL or header the platform refuses outright: as if the server could not be reached.
    settle({ kind: "network" });
  }
  return {
    promise,
    abort() {
      if (!settled) {
        settle({ kind: "aborted" });
        xhr.abort();
      }
    },
  };
}
