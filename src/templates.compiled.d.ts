/** A template factory as OWL's compiler makes it: `(app, bdom, helpers) => render`. */
type CompiledTemplate = (...args: never[]) => unknown;
/** The OWL version the templates were compiled with. */
export declare const COMPILED_WITH_OWL: string;
export declare const owl_services_ErrorBoundary: CompiledTemplate;
export declare const owl_services_MainComponentsContainer: CompiledTemplate;
export declare const owl_services_LoadingIndicator: CompiledTemplate;
export declare const owl_services_Notification: CompiledTemplate;
export declare const owl_services_NotificationContainer: CompiledTemplate;
export declare const owl_services_OutboxIndicator: CompiledTemplate;
export declare const owl_services_SignInDialog: CompiledTemplate;
export declare const owl_services_RootFailure: CompiledTemplate;
export declare const owl_services_RootBoundary: CompiledTemplate;
/** Every compiled template, by its name in OWL. */
export declare const COMPILED_TEMPLATES: Record<string, CompiledTemplate | undefined>;
