/**
 * An answer's size, measured before it is written: a read of one id repeated 10,000 times would
 * otherwise be serialized whole (hundreds of MB, seconds of a blocked event loop) before anyone
 * saw it was too large. The walk counts each object once (a record's shared `order_line` list is
 * sized once however often it recurs) and stops as soon as the bound is passed.
 */
import { overLimit } from "../limits";

/** Thrown inside the walk to stop it once the bound is passed. */
const PASSED = Symbol("passed");

/**
 * The UTF-8 length of `JSON.stringify(value)`, or a number above `limit` as soon as the walk
 * has counted more than `limit` bytes.
 */
export function jsonByteLength(value: unknown, limit: number): number {
  const memo = new WeakMap<object, number>();
  let counted = 0;
  const add = (bytes: number) => {
    counted += bytes;
    if (counted > limit) throw PASSED;
    return bytes;
  };
  const size = (item: unknown): number | undefined => {
    if (item === null) return add(4);
    switch (typeof item) {
      case "string":
        return add(Buffer.byteLength(JSON.stringify(item)));
      case "number":
        return add(Number.isFinite(item) ? JSON.stringify(item).length : 4);
      case "boolean":
        return add(item ? 4 : 5);
      case "object":
        break;
      default:
        return undefined; // undefined, functions and symbols are left out, as JSON.stringify does
    }
    const known = memo.get(item);
    if (known !== undefined) return add(known);
    let bytes: number;
    if (typeof (item as { toJSON?: unknown }).toJSON === "function") {
      const text: string | undefined = JSON.stringify(item);
      if (text === undefined) return undefined;
      bytes = add(Buffer.byteLength(text));
    } else if (Array.isArray(item)) {
      bytes = 2 + Math.max(0, item.length - 1);
      for (const element of item) bytes += size(element) ?? add(4);
    } else {
      let members = 0;
      bytes = 2;
      for (const [key, member] of Object.entries(item)) {
        const memberBytes = size(member);
        if (memberBytes === undefined) continue;
        bytes += add(Buffer.byteLength(JSON.stringify(key)) + 1) + memberBytes;
        members++;
      }
      bytes += Math.max(0, members - 1);
    }
    memo.set(item, bytes);
    return bytes;
  };
  try {
    return size(value) ?? 0;
  } catch (error) {
    if (error === PASSED) return counted;
    throw error;
  }
}

/** Refuses an answer larger than `maxBytes` of JSON, before it is serialized. */
export function checkAnswerSize(route: string, answer: unknown, maxBytes: number): void {
  if (jsonByteLength(answer, maxBytes) > maxBytes) {
    throw overLimit(`${route}: the answer would be more than`, maxBytes, "bytes of JSON", maxBytes, " (ask for fewer records or fields)");
  }
}
