/**
 * Generated params (fast-check, seeded): whatever a caller passes, what is sent is exactly what
 * JSON.parse gives back equal, or the call is refused before sending with the path of the value.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { RPCParamsError } from "../../src/services/rpc/errors";
import { serializeParams } from "../../src/services/rpc/call/params";

export const PARAMS_RUNS = 3000;

/** Values JSON cannot carry, each at any depth: cycles, throwing getters, proxies, symbols, functions… */
const troublesome = fc.constantFrom<() => unknown>(
  () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    return cycle;
  },
  () => Object.defineProperty({}, "boom", { enumerable: true, get: () => { throw new Error("no"); } }),
  () => new Proxy({ a: 1 }, { get: () => { throw new Error("trap"); } }),
  () => new Proxy({ a: 1 }, { ownKeys: () => { throw new Error("keys"); } }),
  () => 10n,
  () => Symbol("s"),
  () => () => 1,
  () => Number.NaN,
  () => Number.POSITIVE_INFINITY,
  // biome-ignore lint/suspicious/noSparseArray: a sparse array is the case under test
  () => [1, , 3],
  () => [undefined],
  () => new Map([[1, 2]]),
  () => new Set([1]),
  () => ({ [Symbol("k")]: 1 }),
  () => JSON.parse('{"__proto__": {"x": 1}}') as unknown,
  () => new Date(Number.NaN),
  () => new Date(0),
  () => ({ toJSON: () => ({ ok: true }) }),
);
/** `value` nested `depth` levels deep in objects and arrays. */
const nested = (value: unknown, path: (string | number)[]) =>
  path.reduceRight<unknown>((inner, key) => (typeof key === "number" ? Object.assign([], { [key]: inner }) : { [key]: inner }), value);

const params = fc.oneof(
  fc.anything({ maxDepth: 4, withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withObjectString: true, withSparseArray: true, withTypedArray: true }),
  fc.tuple(troublesome, fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.nat(3)), { maxLength: 6 })).map(([make, path]) => nested(make(), path)),
  fc.array(fc.nat(), { maxLength: 2000 }).map((depth) => depth.reduce<unknown>((inner) => [inner], 0)),
);

describe("generated params", () => {
  test(`sends exactly what JSON gives back, or refuses before sending naming the path (${PARAMS_RUNS} runs)`, () => {
    let refused = 0;
    fc.assert(
      fc.property(params, (value) => {
        let sent: unknown;
        try {
          sent = serializeParams("/x", value as object);
        } catch (error) {
          // Refused: the library's own error, naming where.
          expect(error).toBeInstanceOf(RPCParamsError);
          expect((error as RPCParamsError).path).toMatch(/^params/);
          refused++;
          return;
        }
        // Sent: a value that survives JSON unchanged…
        const text = JSON.stringify(sent);
        expect(JSON.parse(text)).toEqual(sent);
        // …and what a plain JSON.stringify of the input would have sent, where that one is faithful.
        let plain: string | undefined;
        try {
          plain = JSON.stringify(value);
        } catch {
          plain = undefined;
        }
        if (plain !== undefined && typeof value === "object" && value !== null && !Array.isArray(value)) {
          expect(JSON.parse(text)).toEqual(JSON.parse(plain));
        }
      }),
      { numRuns: PARAMS_RUNS, seed: 20261123 },
    );
    expect(refused).toBeGreaterThan(PARAMS_RUNS / 20);
  });
});
