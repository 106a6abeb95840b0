import { isRecord } from "../../../checks.js";
import { InvalidResponseError, RPCError, type RPCErrorData } from "../errors.js";
import type { TransportOutcome } from "./xhr_transport.js";

const EXCERPT_LENGTH = 200;

function invalidReply(route: string, { status, contentType, text }: Extract<TransportOutcome, { kind: "response" }>, reason: string) {
  return { error: new InvalidResponseError(route, status, contentType, reason, text.slice(0, EXCERPT_LENGTH)) };
}

/** Reads an HTTP response as a JSON-RPC reply to call `id`: its result, an RPCError, or what is wrong with it. */
export function readReply(
  route: string,
  id: number,
  response: Extract<TransportOutcome, { kind: "response" }>,
): { result: unknown } | { error: RPCError | InvalidResponseError } {
  const { status, text } = response;
  let reply: unknown;
  try {
    reply = JSON.parse(text);
  } catch {
    if (!text.trim()) return invalidReply(route, response, "empty body, not a JSON-RPC reply");
    return invalidReply(route, response, /json/i.test(response.contentType) ? "truncated or malformed JSON" : "not a JSON-RPC reply");
  }
  if (!isRecord(reply)) {
    return invalidReply(route, response, "JSON that is not a JSON-RPC envelope");
  }
  const envelope = reply as { id?: unknown; result?: unknown; error?: unknown };
  // An error envelope is the server's word whatever the status and id (JSON-RPC allows id null there).
  if ("error" in envelope && envelope.error !== undefined && envelope.error !== null) {
    const error = envelope.error as { code?: unknown; message?: unknown; data?: unknown; type?: unknown };
    if (typeof error !== "object") {
      return invalidReply(route, response, `an "error" that is not an object (${JSON.stringify(error)})`);
    }
    return {
      error: new RPCError({
        route,
        code: typeof error.code === "number" ? error.code : 0,
        message: typeof error.message === "string" ? error.message : "RPC error",
        data: typeof error.data === "object" && error.data !== null ? (error.data as RPCErrorData) : undefined,
        subType: typeof error.type === "string" ? error.type : undefined,
      }),
    };
  }
  if (!("result" in envelope)) {
    return invalidReply(route, response, "envelope with neither result nor error");
  }
  if (envelope.id !== id) {
    return invalidReply(route, response, `reply id ${JSON.stringify(envelope.id)} does not match request id ${id}`);
  }
  if (status < 200 || status > 299) {
    return invalidReply(route, response, "a result with an HTTP error status");
  }
  // The envelope itself carries `result`: nothing to allocate for a call that succeeded.
  return envelope as { result: unknown };
}
