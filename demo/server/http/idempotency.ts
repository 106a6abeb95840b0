/** The `Idempotency-Key` header of a call_kw request: its call is applied once (see orm/idempotency.ts). */
import { BadRequest } from "../errors";

export const IDEMPOTENCY_HEADER = "idempotency-key";

/** Checks a header value: 1 to 255 visible ASCII characters. */
export function checkIdempotencyKey(value: unknown): string {
  if (typeof value !== "string" || !/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw new BadRequest(`The Idempotency-Key header must be 1 to 255 visible ASCII characters, got ${JSON.stringify(value)}`);
  }
  return value;
}
