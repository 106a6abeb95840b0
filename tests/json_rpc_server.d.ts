import { type IncomingHttpHeaders } from "node:http";
/** What a route handler answers. */
export type Reply = {
    result: unknown;
} | {
    error: {
        code?: number;
        message?: string;
        data?: Record<string, unknown>;
        type?: string;
    };
}
/** Anything else, byte for byte. */
 | {
    raw: {
        status?: number;
        contentType?: string;
        body: string;
    };
}
/** Closes the socket without answering (a reset connection). */
 | {
    destroy: true;
}
/** Never answers (until the server closes). */
 | {
    hang: true;
};
export interface RecordedRequest {
    method: string;
    url: string;
    headers: IncomingHttpHeaders;
    body: string;
    json: {
        jsonrpc?: string;
        method?: string;
        params?: Record<string, unknown>;
        id?: number;
    } | undefined;
}
export type Handler = (params: Record<string, unknown>, request: RecordedRequest) => Reply | Promise<Reply>;
export interface JsonRpcServer {
    /** The origin, e.g. http://127.0.0.1:43210 */
    url: string;
    routes: Map<string, Handler>;
    requests: RecordedRequest[];
    /** "up": routes answer; "reset": every request's socket is destroyed; a number: every request gets that status as HTML. */
    mode: "up" | "reset" | number;
    requestsTo(path: string): RecordedRequest[];
    close(): Promise<void>;
}
/**
 * A real JSON-RPC server on a free port of 127.0.0.1, answering like Odoo: `{jsonrpc, id, result}`
 * or `{jsonrpc, id, error}` with HTTP 200. Unknown routes get Odoo's 404-as-JSON-RPC error.
 */
export declare function startJsonRpcServer(routes?: Record<string, Handler>): Promise<JsonRpcServer>;
