/** An object that is not null and not an array (a record of options, kwargs, a reply envelope). */
export declare function isRecord(value: unknown): value is Record<string, unknown>;
/** An object made by `{}` or `Object.create(null)`: JSON's own kind of object, no class instance. */
export declare function isPlainObject(value: object): boolean;
/** Refuses a delay a timer cannot keep, naming `where`: a number of ms from `min` to 2^31-1. */
export declare function checkDelay(where: string, value: unknown, min?: number): void;
