/**
 * The checks of a web method's kwargs and specification (Odoo 17's webSearchRead, webRead,
 * webSave), loaded on the first such call: the base app does not carry them.
 */
/** The orm's ORMArgumentError, handed over by the orm: this module imports nothing of it. */
type ArgumentError = new (method: string, message: string) => Error;
/** Checks the kwargs (limit, offset, order…) and specification of orm method `where`; throws an `ArgumentError` naming the wrong part. */
export declare function checkWebKwargs(kwargs: unknown, where: string, ArgumentError: ArgumentError): void;
export {};
