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

const CATEGORY_BY_EXCEPTION: Record<string, RPCErrorCategory> = {
  AccessError: "access",
  AccessDenied: "access",
  UserError: "user",
  RedirectWarning: "user",
  ValidationError: "validation",
  MissingError: "missing",
  IntegrityError: "constraint",
  UniqueViolation: "constraint",
  ForeignKeyViolation: "constraint",
  NotNullViolation: "constraint",
  CheckViolation: "constraint",
  SessionExpiredException: "session",
  NotFound: "method",
};

/** PostgreSQL's integrity errors, as psycopg2 names them in a traceback. */
const INTEGRITY_IN_TRACEBACK = /\bpsycopg2\.(?:errors\.(?:UniqueViolation|ForeignKeyViolation|NotNullViolation|CheckViolation|RestrictViolation|ExclusionViolation)|IntegrityError)\b/;
/** Odoo's `call_kw` message for a method the model does not have. */
const MISSING_METHOD = /^The method '[^']+' does not exist on the model '[^']+'/;

/**
 * The category of a server error from its exception name (last dotted segment) and code. With
 * `data`, two causes that Odoo 17 reports under a generic name are told apart: a ValidationError
 * caused by a PostgreSQL integrity error (Odoo wraps them: "The operation cannot be completed…")
 * is `constraint`, and the AttributeError of a method that does not exist is `method`.
 */
export function categorizeRPCError(exceptionName: string | undefined, code: number | undefined, data?: RPCErrorData): RPCErrorCategory {
  const short = typeof exceptionName === "string" ? exceptionName.split(".").at(-1) : undefined;
  const byName = short && Object.hasOwn(CATEGORY_BY_EXCEPTION, short) ? CATEGORY_BY_EXCEPTION[short] : undefined;
  if (short === "ValidationError" && typeof data?.debug === "string" && INTEGRITY_IN_TRACEBACK.test(data.debug)) return "constraint";
  if (short === "AttributeError" && typeof data?.message === "string" && MISSING_METHOD.test(data.message)) return "method";
  if (byName) return byName;
  if (code === 100) return "session";
  if (code === 404) return "method";
  return "server";
}

/**
 * The server answered with a JSON-RPC error: its code raised an exception. `message` is the
 * envelope's (e.g. "Odoo Server Error"); the text for the user is {@link RPCError.userMessage}.
 */
export class RPCError extends Error {
  override name = "RPC_ERROR" as const;
  readonly type = "server" as const;
  /** The JSON-RPC error code (Odoo: 200 for exceptions, 100 for an expired session). */
  readonly code: number;
  readonly data: RPCErrorData | undefined;
  /** `data.name`, e.g. `odoo.exceptions.ValidationError`. */
  readonly exceptionName: string | undefined;
  /** The error envelope's `type`, when the server sends one. */
  readonly subType: string | undefined;
  readonly category: RPCErrorCategory;
  readonly route: string;

  constructor(init: { route: string; code: number; message: string; data?: RPCErrorData | undefined; subType?: string | undefined }) {
    super(init.message);
    this.route = init.route;
    this.code = init.code;
    this.data = init.data;
    // Servers may send anything: only a string is a name.
    this.exceptionName = typeof init.data?.name === "string" ? init.data.name : undefined;
    this.subType = init.subType;
    this.category = categorizeRPCError(this.exceptionName, init.code, init.data);
  }

  /** What to tell the user: the server's `data.message`, else the envelope's message. */
  get userMessage(): string {
    return typeof this.data?.message === "string" && this.data.message ? this.data.message : this.message;
  }
}

/** The server could not be reached: network error, status 0, or HTTP 502/503/504. */
export class ConnectionLostError extends Error {
  override name = "ConnectionLostError" as const;
  constructor(
    readonly route: string,
    /** The HTTP status (0 when no response came at all). */
    readonly status: number,
  ) {
    super(`rpc ${route}: connection lost (${status ? `HTTP ${status}` : "no response from the server"})`);
  }
}

/** The call was aborted by `abort()` or its `signal`. */
export class ConnectionAbortedError extends Error {
  override name = "ConnectionAbortedError" as const;
  constructor(readonly route: string, reason?: unknown) {
    super(`rpc ${route}: aborted${reason instanceof Error && reason.name !== "AbortError" ? ` (${reason.message})` : ""}`, {
      cause: reason,
    });
  }
}

/** The env's services were stopped (`stopServices`, or its app destroyed): nothing was sent. */
export class EnvStoppedError extends Error {
  override name = "EnvStoppedError" as const;
  constructor(readonly route: string) {
    super(`rpc ${route}: the env is stopped (stopServices ran, or its app was destroyed); nothing was sent`);
  }
}

/** The server did not answer within the call's timeout; the request was aborted. */
export class RPCTimeoutError extends Error {
  override name = "RPCTimeoutError" as const;
  constructor(
    readonly route: string,
    /** The timeout that elapsed, in ms. */
    readonly timeout: number,
  ) {
    super(`rpc ${route}: no answer within ${timeout} ms (timed out; the request was aborted)`);
  }
}

/** The server answered, but not with a JSON-RPC reply (an HTML error page, truncated JSON, …). */
export class InvalidResponseError extends Error {
  override name = "InvalidResponseError" as const;
  constructor(
    readonly route: string,
    readonly status: number,
    readonly contentType: string,
    /** What was wrong with the reply. */
    readonly reason: string,
    /** The first characters of the body, for diagnosis. */
    readonly bodyExcerpt: string,
  ) {
    super(`rpc ${route}: HTTP ${status} ${contentType || "(no content type)"} (${reason})`);
  }
}

/** The params cannot be sent as JSON faithfully; nothing was sent. `path` names the value. */
export class RPCParamsError extends TypeError {
  override name = "RPCParamsError" as const;
  constructor(
    readonly route: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`rpc ${route}: ${path} ${problem}; nothing was sent`);
  }
}

/** Marks `error` as made by the rpc of the env with `bus` (a member of the error, not enumerable), so each app shows only its own. */
export function setErrorOwner(error: object, bus: object): void {
  if (Object.isExtensible(error)) Object.defineProperty(error, "envBus", { value: bus, configurable: true });
}

/** The bus of the env whose rpc made `error`, if one did. */
export function errorOwner(error: unknown): object | undefined {
  return typeof error === "object" && error !== null ? (error as { envBus?: object }).envBus : undefined;
}

function hasName(value: unknown, name: string): value is Error {
  // By name, not instanceof: errors from another realm (iframe, second copy of the library) count too.
  return typeof value === "object" && value !== null && (value as { name?: unknown }).name === name;
}

/** Whether `value` is an {@link RPCError}, from this realm or another. */
export const isRPCError = (value: unknown): value is RPCError =>
  hasName(value, "RPC_ERROR") && (value as { type?: unknown }).type === "server";
export const isConnectionLostError = (value: unknown): value is ConnectionLostError => hasName(value, "ConnectionLostError");
export const isConnectionAbortedError = (value: unknown): value is ConnectionAbortedError =>
  hasName(value, "ConnectionAbortedError");
export const isRPCTimeoutError = (value: unknown): value is RPCTimeoutError => hasName(value, "RPCTimeoutError");
export const isInvalidResponseError = (value: unknown): value is InvalidResponseError => hasName(value, "InvalidResponseError");
