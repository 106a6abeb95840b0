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

/** What one call may cost; each bound a positive integer (`startDemoServer` takes each as an option). */
export interface CallLimits {
  /** The most leaves a call's domain may have (default DEFAULT_MAX_DOMAIN_LEAVES, 100). */
  maxDomainLeaves: number;
  /** The most relations a call's domain paths may follow in all (default DEFAULT_MAX_DOMAIN_JOINS, 32). */
  maxDomainJoins: number;
  /** The longest like / ilike pattern, in characters (default DEFAULT_MAX_PATTERN_LENGTH, 1,000). */
  maxPatternLength: number;
  /** The most records one create or write may create, change or delete (default DEFAULT_MAX_WRITE_RECORDS, 1,000). */
  maxWriteRecords: number;
  /** The largest answer of a call_kw, in bytes of JSON (default DEFAULT_MAX_ANSWER_BYTES, 16 MiB). */
  maxAnswerBytes: number;
  /** How deep a web_read / web_search_read / web_save specification may nest (default DEFAULT_MAX_SPEC_DEPTH, 8). */
  maxSpecDepth: number;
  /** The most fields a specification may name, all levels together (default DEFAULT_MAX_SPEC_FIELDS, 200). */
  maxSpecFields: number;
  /** The most records a nested one2many list gives in full without its own `limit` (default DEFAULT_MAX_NESTED_RECORDS, 1,000). */
  maxNestedRecords: number;
}

export const DEFAULT_CALL_LIMITS: Readonly<CallLimits> = {
  maxDomainLeaves: DEFAULT_MAX_DOMAIN_LEAVES,
  maxDomainJoins: DEFAULT_MAX_DOMAIN_JOINS,
  maxPatternLength: DEFAULT_MAX_PATTERN_LENGTH,
  maxWriteRecords: DEFAULT_MAX_WRITE_RECORDS,
  maxAnswerBytes: DEFAULT_MAX_ANSWER_BYTES,
  maxSpecDepth: DEFAULT_MAX_SPEC_DEPTH,
  maxSpecFields: DEFAULT_MAX_SPEC_FIELDS,
  maxNestedRecords: DEFAULT_MAX_NESTED_RECORDS,
};

/** Bounds as options give them: each may be absent or undefined (its default then). */
export type LimitOptions<T> = { [K in keyof T]?: T[K] | undefined };

/**
 * `defaults`, each replaced by the option of its name when one is given (`??`: 0 is given, and
 * refused). Only the defaults' keys are read, so `options` may hold other settings too.
 * @throws Error naming the option when it is not a positive integer.
 * @example resolveLimits(DEFAULT_CALL_LIMITS, { maxSpecDepth: 3 })
 */
export function resolveLimits<T extends Record<keyof T, number>>(defaults: Readonly<T>, options: LimitOptions<T>): T {
  const limits = { ...defaults } as T;
  for (const name of Object.keys(defaults) as (keyof T & string)[]) {
    const value = options[name] ?? defaults[name];
    if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`startDemoServer: ${name} must be a positive integer, got ${String(value)}`);
    limits[name] = value;
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

/** What the bus lets one session and one socket hold, and how long it keeps notifications; each a positive integer. */
export interface BusLimits {
  /** The most `/websocket` sockets one session may have open on this instance (default DEFAULT_MAX_BUS_SOCKETS, 8). */
  maxBusSockets: number;
  /** The most channels one socket may subscribe to (default DEFAULT_MAX_BUS_CHANNELS, 100). */
  maxBusChannels: number;
  /** The largest frame a bus client may send, in bytes; a larger one closes its socket with 1009 (default DEFAULT_MAX_BUS_FRAME_BYTES, 64 KiB). */
  maxBusFrameBytes: number;
  /** ms between pings of each bus socket; one that has not answered by the next ping is dropped (default DEFAULT_BUS_PING_INTERVAL, 30 s). */
  busPingInterval: number;
  /** How long bus notifications are kept for clients that resume, in ms (default DEFAULT_BUS_RETENTION, 1 hour; swept every `sweepEvery`). */
  busRetention: number;
}

export const DEFAULT_BUS_LIMITS: Readonly<BusLimits> = {
  maxBusSockets: DEFAULT_MAX_BUS_SOCKETS,
  maxBusChannels: DEFAULT_MAX_BUS_CHANNELS,
  maxBusFrameBytes: DEFAULT_MAX_BUS_FRAME_BYTES,
  busPingInterval: DEFAULT_BUS_PING_INTERVAL,
  busRetention: DEFAULT_BUS_RETENTION,
};
