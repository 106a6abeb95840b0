export interface ResolvedCacheOptions {
    type: "ram" | "disk";
    update: "once" | "always";
    maxAge: number;
    onUpdate: ((result: unknown, changed: boolean) => void) | undefined;
}
export declare const DEFAULT_CACHE_OPTIONS: {
    readonly type: "ram";
    readonly update: "once";
    readonly maxAge: number;
};
/** Checks and completes `settings.cache`, naming the route and the option that is wrong. */
export declare function resolveCacheOptions(route: string, options: unknown): ResolvedCacheOptions;
