/**
 * What one request may cost the server, so that no signed-in user can hold the database for
 * everyone: the bounds of a call's domain, patterns, writes, specification and answer. Each is refused before the
 * database is held, with an Odoo UserError naming what was sent and the bound. (The time bounds
 * are the database's, `statementTimeout` and `transactionTimeout`, and the HTTP layer's, `requestTimeout`.)
 */
import { type OdooException, UserError } from "./errors";

/** The most leaves (`[field, operator, value]` terms) a domain may have; Odoo's UI sends a few dozen at most. */
export const DEFAULT_MAX_DOMAIN_LEAVES = 100;
/** The most relations a domain's paths may follow in all (`order_line.product_id.name` follows 2); each is a subquery. */
export const DEFAULT_MAX_DOMAIN_JOINS = 32;
/** The longest `like` / `ilike` pattern, in characters: a search box's text, not a document. */
export const DEFAULT_MAX_PATTERN_LENGTH = 1_000;
/**
 * The most records one `create` or `write` may create, change or delete: `vals_list`'s dictionaries
 * and their one2many commands (a write's commands count once per record written). An order of 500 lines is real.
 */
export const DEFAULT_MAX_WRITE_RECORDS = 1_000;
/** The largest answer of a call, in bytes of JSON (a page of orders is tens of kB). */
export const DEFAULT_MAX_ANSWER_BYTES = 16 * 1024 * 1024;
/** How deep a specification (web_read, web_search_read, web_save) may nest: `order_line.product_id` is 2; Odoo's views nest 3 or 4. */
export const DEFAULT_MAX_SPEC_DEPTH = 8;
/** The most fields a specification may name in all levels together. */
export const DEFAULT_MAX_SPEC_FIELDS = 200;
/**
 * The most records of nested one2many lists read in full per record (as many as one write may make):
 * a longer list is refused unless the specification gives its `limit`, and lists in lists multiply.
 */
export const DEFAULT_MAX_NESTED_RECORDS = 1_000;

export interface CallLimits {
  maxDomainLeaves: number;
  maxDomainJoins: number;
  maxPatternLength: number;
  maxWriteRecords: number;
  maxAnswerBytes: number;
  maxSpecDepth: number;
  maxSpecFields: number;
  maxNestedRecords: number;
}

const LIMIT_NAMES = ["maxDomainLeaves", "maxDomainJoins", "maxPatternLength", "maxWriteRecords", "maxAnswerBytes", "maxSpecDepth", "maxSpecFields", "maxNestedRecords"] as const;

/** The bounds with their defaults; each must be a positive integer. */
export function resolveCallLimits(options: Partial<Record<keyof CallLimits, number | undefined>>): CallLimits {
  const limits: CallLimits = {
    maxDomainLeaves: options.maxDomainLeaves ?? DEFAULT_MAX_DOMAIN_LEAVES,
    maxDomainJoins: options.maxDomainJoins ?? DEFAULT_MAX_DOMAIN_JOINS,
    maxPatternLength: options.maxPatternLength ?? DEFAULT_MAX_PATTERN_LENGTH,
    maxWriteRecords: options.maxWriteRecords ?? DEFAULT_MAX_WRITE_RECORDS,
    maxAnswerBytes: options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES,
    maxSpecDepth: options.maxSpecDepth ?? DEFAULT_MAX_SPEC_DEPTH,
    maxSpecFields: options.maxSpecFields ?? DEFAULT_MAX_SPEC_FIELDS,
    maxNestedRecords: options.maxNestedRecords ?? DEFAULT_MAX_NESTED_RECORDS,
  };
  for (const name of LIMIT_NAMES) {
    if (!Number.isSafeInteger(limits[name]) || limits[name] <= 0) throw new Error(`startDemoServer: ${name} must be a positive integer, got ${String(limits[name])}`);
  }
  return limits;
}

const count = (value: number) => value.toLocaleString("en-US");

/** The refusal of a call past a bound: `<what> has <sent>; at most <bound> are allowed`. */
export function overLimit(what: string, sent: number, unit: string, bound: number, tail = ""): OdooException {
  return new UserError(`${what} ${count(sent)} ${unit}; at most ${count(bound)} are allowed${tail}`);
}

/** The most sockets one session may have open on `/websocket` (the tabs of a browser share one). */
export const DEFAULT_MAX_BUS_SOCKETS = 8;
/** The most channels one socket may subscribe to (a channel is a model: the demo has five). */
export const DEFAULT_MAX_BUS_CHANNELS = 100;
/** The largest frame a client may send, in bytes (a subscribe to 100 channels is a few kB). */
export const DEFAULT_MAX_BUS_FRAME_BYTES = 64 * 1024;
/** How often the server pings each socket, in ms; a socket that has not answered the previous ping is dropped. */
export const DEFAULT_BUS_PING_INTERVAL = 30_000;
/** How long notifications are kept for clients that resume, in ms (Odoo keeps them about 100 s). */
export const DEFAULT_BUS_RETENTION = 3_600_000;

/** What the bus lets one session and one socket hold, and how long it keeps notifications. */
export interface BusLimits {
  maxBusSockets: number;
  maxBusChannels: number;
  maxBusFrameBytes: number;
  busPingInterval: number;
  busRetention: number;
}

const BUS_LIMIT_NAMES = ["maxBusSockets", "maxBusChannels", "maxBusFrameBytes", "busPingInterval", "busRetention"] as const;

/** The bus's bounds with their defaults; each must be a positive integer. */
export function resolveBusLimits(options: Partial<Record<keyof BusLimits, number | undefined>>): BusLimits {
  const limits: BusLimits = {
    maxBusSockets: options.maxBusSockets ?? DEFAULT_MAX_BUS_SOCKETS,
    maxBusChannels: options.maxBusChannels ?? DEFAULT_MAX_BUS_CHANNELS,
    maxBusFrameBytes: options.maxBusFrameBytes ?? DEFAULT_MAX_BUS_FRAME_BYTES,
    busPingInterval: options.busPingInterval ?? DEFAULT_BUS_PING_INTERVAL,
    busRetention: options.busRetention ?? DEFAULT_BUS_RETENTION,
  };
  for (const name of BUS_LIMIT_NAMES) {
    if (!Number.isSafeInteger(limits[name]) || limits[name] <= 0) throw new Error(`startDemoServer: ${name} must be a positive integer, got ${String(limits[name])}`);
  }
  return limits;
}
