/**
 * Calls that carry an `Idempotency-Key` header are applied once: the same key again (a re-send after
 * a timeout, a double submit) gets the first call's answer instead of writing a second time, and a
 * call still running is joined rather than run twice. Keys are the user's own and kept a day.
 */
import { BadRequest, UserError } from "../errors";

export const IDEMPOTENCY_HEADER = "idempotency-key";
/** How long a key's answer is kept. */
export const IDEMPOTENCY_TTL = 24 * 3600 * 1000;
/** The most keys kept at once; the oldest go first. */
export const IDEMPOTENCY_MAX_KEYS = 10_000;

interface Entry {
  fingerprint: string;
  answer: Promise<unknown>;
  expiresAt: number;
}

const canonical = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(canonical).join(",")}]`
    : typeof value === "object" && value !== null
      ? `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(",")}}`
      : JSON.stringify(value);

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly now: () => number = Date.now) {}

  /** Checks a header value: 1 to 255 visible ASCII characters. */
  static check(value: unknown): string {
    if (typeof value !== "string" || !/^[\x21-\x7e]{1,255}$/.test(value)) {
      throw new BadRequest(`The Idempotency-Key header must be 1 to 255 visible ASCII characters, got ${JSON.stringify(value)}`);
    }
    return value;
  }

  /**
   * Runs `apply` once per (user, key); answers a repeat with the first answer. A key sent again with
   * other params is refused: a key names one call. A failed call is forgotten, so it may be tried again.
   */
  async run(uid: number, key: string, params: unknown, apply: () => Promise<unknown>): Promise<{ replayed: boolean; result: unknown }> {
    this.sweep();
    const id = `${uid}\u0000${key}`;
    const fingerprint = canonical(params);
    const known = this.entries.get(id);
    if (known) {
      if (known.fingerprint !== fingerprint) {
        throw new UserError(`The Idempotency-Key "${key}" was already used for another call: a key names one call, so nothing was done.`);
      }
      return { replayed: true, result: await known.answer };
    }
    const answer = apply();
    const entry: Entry = { fingerprint, answer, expiresAt: this.now() + IDEMPOTENCY_TTL };
    this.entries.set(id, entry);
    try {
      return { replayed: false, result: await answer };
    } catch (error) {
      if (this.entries.get(id) === entry) this.entries.delete(id);
      throw error;
    }
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) {
      // Insertion order is age order: stop at the first one still wanted.
      if (entry.expiresAt > now && this.entries.size < IDEMPOTENCY_MAX_KEYS) break;
      this.entries.delete(id);
    }
  }
}
