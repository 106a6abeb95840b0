import { EventBus } from "@odoo/owl";
/** The sequence an entry gets when `add` is given none. */
export declare const DEFAULT_SEQUENCE = 50;
/**
 * The value type of each well-known category, so `registry.category("services")` is typed.
 * Extend it by declaration merging for your own categories:
 * @example
 * declare module "owl-services" {
 *   interface RegistryCategories { fields: FieldDefinition }
 * }
 */
export interface RegistryCategories {
}
/** What a category's entries are: its declared type, else `unknown`. */
export type CategoryValue<K extends string> = K extends keyof RegistryCategories ? RegistryCategories[K] : unknown;
/** The payload of a registry's `"UPDATE"` event. */
export interface RegistryUpdate<T> {
    operation: "add" | "delete";
    key: string;
    value: T;
}
/** Thrown by `Registry.get` for a key the registry does not hold (and no default was given). */
export declare class KeyNotFoundError extends Error {
    readonly key: string;
    readonly registryName: string;
    name: "KeyNotFoundError";
    constructor(key: string, registryName: string);
}
/** Thrown by `Registry.add` for a key that is already there, unless `force` is given. */
export declare class DuplicatedKeyError extends Error {
    readonly key: string;
    readonly registryName: string;
    name: "DuplicatedKeyError";
    constructor(key: string, registryName: string);
}
/**
 * An ordered map of named entries that announces its changes, as Odoo's registries do.
 * Entries are ordered by `sequence` (default 50), then by insertion. Every `add` and `remove`
 * triggers `"UPDATE"` with a {@link RegistryUpdate}.
 * @example
 * registry.category("services").add("clock", { start: () => ({ now: () => new Date() }) });
 */
export declare class Registry<T = unknown> extends EventBus {
    #private;
    /** The name error messages use. */
    readonly name: string;
    constructor(name?: string);
    /** Adds `value` under `key`. An existing key needs `{ force: true }`, which keeps its place only if no sequence is given. */
    add(key: string, value: T, options?: {
        force?: boolean;
        sequence?: number;
    }): this;
    /** The value under `key`; `defaultValue` if absent and one was given, else throws {@link KeyNotFoundError}. */
    get(key: string, ...defaultValue: [] | [T]): T;
    contains(key: string): boolean;
    /** Every value, ordered by sequence then insertion. */
    getAll(): T[];
    /** Every `[key, value]`, ordered by sequence then insertion. */
    getEntries(): [string, T][];
    /** Removes `key` (nothing happens if it is absent). */
    remove(key: string): void;
    /** The sub-registry `name`, created on first use. */
    category<K extends string>(name: K): Registry<CategoryValue<K>>;
}
/** The root registry; services live in `registry.category("services")`. */
export declare const registry: Registry<unknown>;
