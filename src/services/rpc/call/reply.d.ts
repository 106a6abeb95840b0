import { InvalidResponseError, RPCError } from "../errors.js";
import type { TransportOutcome } from "./xhr_transport.js";
/** Reads an HTTP response as a JSON-RPC reply to call `id`: its result, an RPCError, or what is wrong with it. */
export declare function readReply(route: string, id: number, response: Extract<TransportOutcome, {
    kind: "response";
}>): {
    result: unknown;
} | {
    error: RPCError | InvalidResponseError;
};
