/** Why services cannot start: a dependency that is not registered, or services that depend on each other. */
/** What these checks read of a service definition. */
interface Dependent {
    dependencies?: string[] | undefined;
}
/** Thrown by `startServices` when services cannot start: missing dependencies or a cycle. */
export declare class ServiceDependencyError extends Error {
    /** The services that could not be started. */
    readonly services: string[];
    name: "ServiceDependencyError";
    constructor(message: string, 
    /** The services that could not be started. */
    services: string[]);
}
/** Why the services `waiting` cannot start, if they cannot: a dependency that is not registered, or a cycle. */
export declare function diagnose(waiting: [string, Dependent][], services: {
    contains(name: string): boolean;
}, started: Record<string, unknown>): {
    kind: "missing" | "cycle";
    error: ServiceDependencyError;
} | null;
export {};
