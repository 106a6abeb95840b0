/**
 * Odoo's exceptions and their JSON-RPC serialization, in one place. Errors carry the dotted name
 * an Odoo 17 server would send (`odoo.exceptions.AccessError`, `builtins.ValueError`…), so existing
 * Odoo clients, and owl-services' error categories, read them unchanged.
 */
import { PG_ERROR_NAMES, postgresErrorInfo } from "./db/database";

export class OdooException extends Error {
  /** JSON-RPC error code: 200 for exceptions, 100 for an expired session, 404 for an unknown route. */
  readonly code: number = 200;
  constructor(
    /** The Python class path, as `data.name`. */
    readonly pythonName: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const exception = (pythonName: string) =>
  class extends OdooException {
    constructor(message: string, options?: { cause?: unknown }) {
      super(pythonName, message, options);
    }
  };

export const UserError = exception("odoo.exceptions.UserError");
export const AccessError = exception("odoo.exceptions.AccessError");
export const AccessDenied = exception("odoo.exceptions.AccessDenied");
export const ValidationError = exception("odoo.exceptions.ValidationError");
export const MissingError = exception("odoo.exceptions.MissingError");
export const PyValueError = exception("builtins.ValueError");
export const PyTypeError = exception("builtins.TypeError");
export const PyKeyError = exception("builtins.KeyError");
export const PyAttributeError = exception("builtins.AttributeError");
export const BadRequest = exception("werkzeug.exceptions.BadRequest");

export class SessionExpiredException extends OdooException {
  override readonly code = 100;
  constructor() {
    super("odoo.http.SessionExpiredException", "Session expired");
  }
}

export class NotFound extends OdooException {
  override readonly code = 404;
  constructor(path: string) {
    super(
      "werkzeug.exceptions.NotFound",
      `404 Not Found: The requested URL ${path} was not found on the server. If you entered the URL manually please check your spelling and try again.`,
    );
  }
}

export interface JsonRpcErrorBody {
  code: number;
  message: string;
  data: { name: string; message: string; arguments: unknown[]; context: Record<string, unknown>; debug: string };
}

const PROJECT_ROOT = `${process.cwd()}/`;
const ENVELOPE_MESSAGES: Record<number, string> = { 100: "Odoo Session Expired", 404: "404: Not Found" };

/** `name: message` then the frames of the JS stack: the server's real trace, headed as Python's. */
function traceOf(error: unknown): string {
  const pg = postgresErrorInfo(error);
  if (pg) {
    const frames = error instanceof Error ? frameLines(error) : "";
    return `${frames}${pythonNameOf(error)}: ${pg.message}${pg.detail ? `\nDETAIL:  ${pg.detail}` : ""}\n`;
  }
  if (error instanceof Error) return `${frameLines(error)}${pythonNameOf(error)}: ${error.message}\n`;
  return `builtins.Exception: ${String(error)}\n`;
}

function frameLines(error: Error): string {
  const frames = (error.stack ?? "").split("\n").filter((line) => line.trimStart().startsWith("at "));
  // The project's own frames, paths relative to it as a developer reads them in an editor; the
  // frames of libraries, of Node.js and of the embedded database's WebAssembly are counted, not listed.
  const own = frames.filter((line) => !/node_modules|node:internal|\(native\)|wasm:\/\//.test(line));
  const hidden = frames.length - own.length;
  const lines = own.map((line) => `  ${line.trim().replaceAll(`file://${PROJECT_ROOT}`, "").replaceAll(PROJECT_ROOT, "")}\n`);
  if (hidden) lines.push(`  … ${hidden} frame${hidden === 1 ? "" : "s"} in libraries, Node.js and the database\n`);
  return `Traceback (most recent call last):\n${lines.join("")}`;
}

function pythonNameOf(error: unknown): string {
  if (error instanceof OdooException) return error.pythonName;
  const pg = postgresErrorInfo(error);
  if (pg) return `psycopg2.errors.${PG_ERROR_NAMES[pg.code] ?? "DatabaseError"}`;
  return `builtins.${error instanceof Error ? error.name : "Exception"}`;
}

/** The whole chain, causes first, joined as Python joins chained exceptions. */
export function formatTraceback(error: unknown): string {
  const chain: unknown[] = [];
  for (let current: unknown = error; current !== undefined && chain.length < 8; current = (current as { cause?: unknown }).cause) {
    chain.unshift(current);
    if (!(current instanceof Error)) break;
  }
  return chain.map(traceOf).join("\nThe above exception was the direct cause of the following exception:\n\n");
}

/** Odoo 17's `serialize_exception` and `JsonRPCDispatcher.handle_error`, for any thrown value. */
export function serializeError(error: unknown, context: Record<string, unknown> = {}): JsonRpcErrorBody {
  const code = error instanceof OdooException ? error.code : 200;
  const message = error instanceof Error ? error.message : String(error);
  return {
    code,
    message: ENVELOPE_MESSAGES[code] ?? "Odoo Server Error",
    data: { name: pythonNameOf(error), message, arguments: [message], context, debug: formatTraceback(error) },
  };
}
