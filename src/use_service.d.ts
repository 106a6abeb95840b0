import { type Services } from "./env.js";
/**
 * Triggered on the env's bus with `{ error, service }` when a call fails after its component was
 * destroyed: the caller's promise stays pending, and the error display shows the failure as unhandled.
 */
export declare const UNHANDLED_ERROR = "SERVICES:UNHANDLED_ERROR";
/** Thrown when a destroyed (or cancelled) component calls a protected service member. */
export declare class ComponentDestroyedError extends Error {
    name: "ComponentDestroyedError";
    constructor(service: string, member: string | null, componentStatus: string);
}
/**
 * The service `name`, for the component whose `setup()` calls this. Members its definition marks
 * `async` are protected for this component: called after it is destroyed they throw
 * {@link ComponentDestroyedError} and reach nothing; a promise they returned that settles after
 * the component is destroyed never settles for it (follow-up code never runs). Members of the
 * returned promise (`abort`, …) are kept. What a protected member returns that is not a promise
 * is returned as it is: a variant an object service derives from itself with `Object.create`
 * (`orm.silent`, `orm.cache()`) inherits the protection. In a class field (`rpc = useService("rpc")`),
 * only a function service works, called as `this.rpc(…)`.
 * @example
 * setup() { this.rpc = useService("rpc"); }
 */
export declare function useService<K extends keyof Services>(name: K): Services[K];
