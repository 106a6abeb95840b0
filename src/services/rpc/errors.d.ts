/** Why the server refused a call, from the exception it raised (see {@link RPCError.category}). */
export type RPCErrorCategory = "access" | "user" | "validation" | "missing" | "constraint" | "session" | "method" | "server";
/** The `data` of a JSON-RPC error as Odoo sends it; other servers may send any object. */
export interface RPCErrorData {
    /** The exception's dotted name, e.g. `odoo.exceptions.AccessError`. */
    name?: string;
    /** The text meant for the user. */
    message?: string;
    /** The server's traceback. */
    debug?: string;
    arguments?: unknown[];
    context?: Record<string, unknown>;
    [key: string]: unknown;
}
/**
 * The category of a server error from its exception name (last dotted segment) and code. With
 * `data`, two causes that Odoo 17 reports under a generic name are told apart: a ValidationError
 * caused by a PostgreSQL integrity error (Odoo wraps them: "The operation cannot be completed…")
 * is `constraint`, and the AttributeError of a method that does not exist is `method`.
 */
export declare function categorizeRPCError(exceptionName: string | undefined, code: number | undefined, data?: RPCErrorData): RPCErrorCategory;
/**
 * The server answered with a JSON-RPC error: its code raised an exception. `message` is the
 * envelope's (e.g. "Odoo Server Error"); the text for the user is {@link RPCError.userMessage}.
 */
export declare class RPCError extends Error {
    name: "RPC_ERROR";
    readonly type: "server";
    /** The JSON-RPC error code (Odoo: 200 for exceptions, 100 for an expired session). */
    readonly code: number;
    readonly data: RPCErrorData | undefined;
    /** `data.name`, e.g. `odoo.exceptions.ValidationError`. */
    readonly exceptionName: string | undefined;
    /** The error envelope's `type`, when the server sends one. */
    readonly subType: string | undefined;
    readonly category: RPCErrorCategory;
    readonly route: string;
    constructor(init: {
        route: string;
        code: number;
        message: string;
        data?: RPCErrorData | undefined;
        subType?: string | undefined;
    });
    /** What to tell the user: the server's `data.message`, else the envelope's message. */
    get userMessage(): string;
}
/** The server could not be reached: network error, status 0, or HTTP 502/503/504. */
export declare class ConnectionLostError extends Error {
    readonly route: string;
    /** The HTTP status (0 when no response came at all). */
    readonly status: number;
    name: "ConnectionLostError";
    constructor(route: string, 
    /** The HTTP status (0 when no response came at all). */
    status: number);
}
/** The call was aborted by `abort()` or its `signal`. */
export declare class ConnectionAbortedError extends Error {
    readonly route: string;
    name: "ConnectionAbortedError";
    constructor(route: string, reason?: unknown);
}
/** The env's services were stopped (`stopServices`, or its app destroyed): nothing was sent. */
export declare class EnvStoppedError extends Error {
    readonly route: string;
    name: "EnvStoppedError";
    constructor(route: string);
}
/** The server did not answer within the call's timeout; the request was aborted. */
export declare class RPCTimeoutError extends Error {
    readonly route: string;
    /** The timeout that elapsed, in ms. */
    readonly timeout: number;
    name: "RPCTimeoutError";
    constructor(route: string, 
    /** The timeout that elapsed, in ms. */
    timeout: number);
}
/** The server answered, but not with a JSON-RPC reply (an HTML error page, truncated JSON, …). */
export declare class InvalidResponseError extends Error {
    readonly route: string;
    readonly status: number;
    readonly contentType: string;
    /** What was wrong with the reply. */
    readonly reason: string;
    /** The first characters of the body, for diagnosis. */
    readonly bodyExcerpt: string;
    name: "InvalidResponseError";
    constructor(route: string, status: number, contentType: string, 
    /** What was wrong with the reply. */
    reason: string, 
    /** The first characters of the body, for diagnosis. */
    bodyExcerpt: string);
}
/** The params cannot be sent as JSON faithfully; nothing was sent. `path` names the value. */
export declare class RPCParamsError extends TypeError {
    readonly route: string;
    readonly path: string;
    readonly problem: string;
    name: "RPCParamsError";
    constructor(route: string, path: string, problem: string);
}
/** Marks `error` as made by the rpc of the env with `bus` (a member of the error, not enumerable), so each app shows only its own. */
export declare function setErrorOwner(error: object, bus: object): void;
/** The bus of the env whose rpc made `error`, if one did. */
export declare function errorOwner(error: unknown): object | undefined;
/** Whether `value` is an {@link RPCError}, from this realm or another. */
export declare const isRPCError: (value: unknown) => value is RPCError;
export declare const isConnectionLostError: (value: unknown) => value is ConnectionLostError;
export declare const isConnectionAbortedError: (value: unknown) => value is ConnectionAbortedError;
export declare const isRPCTimeoutError: (value: unknown) => value is RPCTimeoutError;
export declare const isInvalidResponseError: (value: unknown) => value is InvalidResponseError;
