import { Component, type ComponentConstructor } from "@odoo/owl";
/** An entry of `registry.category("main_components")`: a component the app always shows. */
export interface MainComponentEntry {
    Component: ComponentConstructor;
    props?: Record<string, unknown>;
}
declare module "../registry.js" {
    interface RegistryCategories {
        main_components: MainComponentEntry;
    }
}
/** Catches what its content throws, so one failing main component leaves the others alive. */
declare class ErrorBoundary extends Component<{
    onError: (error: unknown) => void;
}> {
    static template: string;
    static props: string[];
    setup(): void;
}
/**
 * Renders every component of `registry.category("main_components")` with its props, in
 * sequence order, and follows that category as entries are added or removed. `mountComponent`
 * mounts one beside the app (so they live while the app starts, or when it fails); an app mounted
 * otherwise puts it once in its root template: `<MainComponentsContainer/>`. One container per
 * env renders: a second one (a root template's, under `mountComponent`) stays empty. A main
 * component that crashes is removed and reported on the console; the others stay.
 */
export declare class MainComponentsContainer extends Component {
    static template: string;
    static components: {
        ErrorBoundary: typeof ErrorBoundary;
    };
    static props: {};
    private readonly mainComponents;
    private readonly crashed;
    state: {
        entries: [string, MainComponentEntry][];
    };
    /** Whether this container is the one of its env that renders. */
    active: boolean;
    setup(): void;
    private refresh;
    onComponentError(key: string, error: unknown): void;
}
export {};
