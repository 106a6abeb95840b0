import type { ORMCallOptions, ORMKwargs } from "./orm_types.js";
/** Thrown (as a rejection) when an orm argument is wrong; nothing was sent. */
export declare class ORMArgumentError extends TypeError {
    name: "ORMArgumentError";
    constructor(method: string, message: string);
}
export declare function checkIds(method: string, ids: unknown): void;
export declare function checkArray(method: string, name: string, value: unknown, item?: (v: unknown) => boolean, what?: string): void;
/** Refuses field values that are not an object. */
export declare function checkValues(method: string, name: string, values: unknown): void;
export declare const isString: (v: unknown) => boolean;
/** Checks a call's model, method, args, kwargs and options, naming what is wrong. */
export declare function checkCall(where: string, model: string, method: string, args: unknown[], kwargs: ORMKwargs, options: ORMCallOptions | undefined): void;
