/**
 * The checks of a web method's kwargs and specification (Odoo 17's webSearchRead, webRead,
 * webSave), loaded on the first such call: the base app does not carry them.
 */

/** The deepest specification sent: Odoo's own views never nest this far, and a server bounds the depth too. */
const MAX_SPECIFICATION_DEPTH = 20;

/** The orm's ORMArgumentError, handed over by the orm: this module imports nothing of it. */
type ArgumentError = new (method: string, message: string) => Error;
/** Throws an ArgumentError for the orm method being checked. */
type Refuse = (message: string) => never;

// Its own copies of checks.ts's isRecord and the orm's show: importing them would move them into a
// chunk of their own, which every app would then load.
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const show = (value: unknown) => {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

const isCount = (value: unknown, min: number) => Number.isSafeInteger(value) && (value as number) >= min;

/** Checks the options of a specification entry, or of the kwargs (`prefix` ""), naming the wrong one. */
function checkOptions(refuse: Refuse, name: string, value: unknown, prefix: string): asserts value is Record<string, unknown> {
  if (!isRecord(value)) refuse(`${name} must be an object, got ${show(value)}`);
  const fail = (key: string, what: string) => refuse(`${prefix}${key} must be ${what}, got ${show(value[key])}`);
  const { limit, count_limit, offset, order, context } = value;
  if (limit !== undefined && !isCount(limit, 1)) fail("limit", "a positive integer");
  if (count_limit !== undefined && !isCount(count_limit, 1)) fail("count_limit", "a positive integer");
  if (offset !== undefined && !isCount(offset, 0)) fail("offset", "an integer ≥ 0");
  if (order !== undefined && typeof order !== "string") fail("order", "a string");
  if (context !== undefined && !isRecord(context)) fail("context", "an object");
}

/** Checks a specification (an object of objects, nested through `fields`), naming the path of the first wrong part. */
function checkSpecification(refuse: Refuse, spec: unknown, path: string, depth: number): void {
  if (depth >= MAX_SPECIFICATION_DEPTH) refuse(`${path} is nested deeper than ${MAX_SPECIFICATION_DEPTH} levels`);
  if (!isRecord(spec)) refuse(`${path} must be an object${depth ? "" : " of objects such as { name: {} }"}, got ${show(spec)}`);
  for (const [field, entry] of Object.entries(spec)) {
    checkOptions(refuse, `${path}.${field}`, entry, `${path}.${field}.`);
    if (entry.fields !== undefined) checkSpecification(refuse, entry.fields, `${path}.${field}.fields`, depth + 1);
  }
}

/** Checks the kwargs (limit, offset, order…) and specification of orm method `where`; throws an `ArgumentError` naming the wrong part. */
export function checkWebKwargs(kwargs: unknown, where: string, ArgumentError: ArgumentError): void {
  const refuse: Refuse = (message) => {
    throw new ArgumentError(where, message);
  };
  checkOptions(refuse, "kwargs", kwargs, "");
  checkSpecification(refuse, kwargs.specification, "specification", 0);
}
