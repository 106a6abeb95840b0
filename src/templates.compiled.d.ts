/** The OWL version the templates were compiled with. */
export declare const COMPILED_WITH_OWL: string;
/** Template factories as OWL's compiler makes them: `(app, bdom, helpers) => render`. */
export declare const COMPILED_TEMPLATES: Record<string, ((...args: never[]) => unknown) | undefined>;
