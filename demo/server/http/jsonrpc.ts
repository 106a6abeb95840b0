/** The JSON-RPC 2.0 envelope as Odoo's `type="json"` routes read and answer it. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { BadRequest, PyValueError, serializeError } from "../errors";
import type { Logger } from "./logger";

const Envelope = z.object({
  jsonrpc: z.literal("2.0", { error: 'jsonrpc must be "2.0"' }).optional(),
  method: z.string().optional(),
  params: z.record(z.string(), z.unknown(), { error: "params must be a dictionary" }).optional(),
  id: z.union([z.number(), z.string(), z.null()], { error: "id must be a number, a string or null" }).optional(),
});

export type JsonRpcHandler = (params: Record<string, unknown>, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** Exceptions the user caused (Odoo logs them as warnings, without a traceback). */
const EXPECTED = /^odoo\.(exceptions\.(UserError|AccessError|AccessDenied|ValidationError|MissingError|RedirectWarning)|http\.SessionExpiredException)$/;

export function sendJsonRpcError(reply: FastifyReply, id: unknown, error: unknown, logger: Logger, what: string, status = 200): FastifyReply {
  const body = serializeError(error);
  if (EXPECTED.test(body.data.name) || body.code === 404) logger.warn(`${what}: ${body.data.name}: ${body.data.message.split("\n")[0]}`);
  else logger.error(`${what}: exception during JSON request handling\n${body.data.debug}`);
  return reply.code(status).send({ jsonrpc: "2.0", id: id ?? null, error: body });
}

/**
 * The path of the first string in `value` that holds a NUL character (PostgreSQL's text cannot
 * store one, and would answer with its own error from inside the database), or undefined.
 */
function nulAt(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === "string") return value.includes("\u0000") ? path : undefined;
  if (typeof value !== "object" || value === null || depth > 64) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = nulAt(item, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Registers `POST path` as a JSON-RPC route whose handler gets `params` and returns the result. */
export function jsonRoute(app: FastifyInstance, path: string, logger: Logger, handler: JsonRpcHandler): void {
  app.post(path, async (request, reply) => {
    const parsed = Envelope.safeParse(request.body);
    const id = parsed.success ? parsed.data.id : undefined;
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
      const why = request.body === null || typeof request.body !== "object" ? "the body must be a JSON-RPC object" : `${where}${issue.message}`;
      return sendJsonRpcError(reply, (request.body as { id?: unknown } | null)?.id, new BadRequest(`Invalid JSON-RPC request: ${why}`), logger, path);
    }
    try {
      const nul = nulAt(parsed.data.params, "params");
      if (nul) throw new PyValueError(`${nul} contains a NUL character (\\x00), which a text value cannot hold`);
      const result = await handler(parsed.data.params ?? {}, request, reply);
      return reply.send({ jsonrpc: "2.0", id: id ?? null, result: result ?? null });
    } catch (error) {
      return sendJsonRpcError(reply, id, error, logger, request.url);
    }
  });
}
