import { EventBus } from "@odoo/owl";

/** The sequence an entry gets when `add` is given none. */
export const DEFAULT_SEQUENCE = 50;

/**
 * The value type of each well-known category, so `registry.category("services")` is typed.
 * Extend it by declaration merging for your own categories:
 * @example
 * declare module "owl-services" {
 *   interface RegistryCategories { fields: FieldDefinition }
 * }
 */
// Filled in by the modules that own each category (env.ts, main_components_container.ts).
// biome-ignore lint/suspicious/noEmptyInterface: apps extend it by declaration merging
export interface RegistryCategories {}

/** What a category's entries are: its declared type, else `unknown`. */
export type CategoryValue<K extends string> = K extends keyof RegistryCategories
  ? RegistryCategories[K]
  : unknown;

/** The payload of a registry's `"UPDATE"` event. */
export interface RegistryUpdate<T> {
  operation: "add" | "delete";
  key: string;
  value: T;
}

/** Thrown by `Registry.get` for a key the registry does not hold (and no default was given). */
export class KeyNotFoundError extends Error {
  override name = "KeyNotFoundError" as const;
  constructor(
    readonly key: string,
    readonly registryName: string,
  ) {
    super(`Cannot find key "${key}" in the "${registryName}" registry`);
  }
}

/** Thrown by `Registry.add` for a key that is already there, unless `force` is given. */
export class DuplicatedKeyError extends Error {
  override name = "DuplicatedKeyError" as const;
  constructor(
    readonly key: string,
    readonly registryName: string,
  ) {
    super(
      `Cannot add key "${key}" in the "${registryName}" registry: it already exists (use { force: true } to replace it)`,
    );
  }
}

/** A key for a message: whatever it is, never a conversion error of its own. */
function describeKey(key: unknown): string {
  if (typeof key === "symbol") return key.toString();
  if (typeof key === "object" && key !== null) return Array.isArray(key) ? "an array" : "an object";
  return `${typeof key} ${String(key)}`;
}

interface Entry<T> {
  value: T;
  sequence: number;
  /** Insertion order, so equal sequences keep the order of `add`. */
  order: number;
}

/**
 * An ordered map of named entries that announces its changes, as Odoo's registries do.
 * Entries are ordered by `sequence` (default 50), then by insertion. Every `add` and `remove`
 * triggers `"UPDATE"` with a {@link RegistryUpdate}.
 * @example
 * registry.category("services").add("clock", { start: () => ({ now: () => new Date() }) });
 */
export class Registry<T = unknown> extends EventBus {
  /** The name error messages use. */
  readonly name: string;
  readonly #entries = new Map<string, Entry<T>>();
  readonly #categories = new Map<string, Registry<unknown>>();
  #nextOrder = 0;
  #sorted: [string, T][] | null = null;

  constructor(name = "unnamed") {
    super();
    this.name = name;
  }

  /** Adds `value` under `key`. An existing key needs `{ force: true }`, which keeps its place only if no sequence is given. */
  add(key: string, value: T, options: { force?: boolean; sequence?: number } = {}): this {
    this.#checkKey("add", key);
    const existing = this.#entries.get(key);
    if (existing && !options.force) {
      throw new DuplicatedKeyError(key, this.name);
    }
    const sequence = options.sequence ?? existing?.sequence ?? DEFAULT_SEQUENCE;
    if (!Number.isFinite(sequence)) {
      throw new TypeError(
        `Cannot add key "${key}" in the "${this.name}" registry: sequence must be a finite number, got ${String(sequence)}`,
      );
    }
    this.#entries.set(key, { value, sequence, order: existing?.order ?? this.#nextOrder++ });
    this.#sorted = null;
    this.trigger("UPDATE", { operation: "add", key, value } satisfies RegistryUpdate<T>);
    return this;
  }

  /** The value under `key`; `defaultValue` if absent and one was given, else throws {@link KeyNotFoundError}. */
  get(key: string, ...defaultValue: [] | [T]): T {
    this.#checkKey("get", key);
    const entry = this.#entries.get(key);
    if (entry) {
      return entry.value;
    }
    if (defaultValue.length) {
      return defaultValue[0] as T;
    }
    throw new KeyNotFoundError(key, this.name);
  }

  contains(key: string): boolean {
    this.#checkKey("contains", key);
    return this.#entries.has(key);
  }

  /** Keys are non-empty strings: anything else is refused with this registry's name and what came. */
  #checkKey(method: string, key: unknown): asserts key is string {
    if (typeof key !== "string" || key === "") {
      throw new TypeError(`Registry "${this.name}": ${method}() needs a key that is a non-empty string, got ${key === "" ? "an empty string" : describeKey(key)}`);
    }
  }

  /** Every value, ordered by sequence then insertion. */
  getAll(): T[] {
    return this.getEntries().map(([, value]) => value);
  }

  /** Every `[key, value]`, ordered by sequence then insertion. */
  getEntries(): [string, T][] {
    if (!this.#sorted) {
      this.#sorted = [...this.#entries]
        .sort(([, a], [, b]) => a.sequence - b.sequence || a.order - b.order)
        .map(([key, entry]) => [key, entry.value]);
    }
    return this.#sorted.map(([key, value]) => [key, value]);
  }

  /** Removes `key` (nothing happens if it is absent). */
  remove(key: string): void {
    this.#checkKey("remove", key);
    const entry = this.#entries.get(key);
    if (!entry) {
      return;
    }
    this.#entries.delete(key);
    this.#sorted = null;
    this.trigger("UPDATE", { operation: "delete", key, value: entry.value } satisfies RegistryUpdate<T>);
  }

  /** The sub-registry `name`, created on first use. */
  category<K extends string>(name: K): Registry<CategoryValue<K>> {
    this.#checkKey("category", name);
    let category = this.#categories.get(name);
    if (!category) {
      category = new Registry<unknown>(name);
      this.#categories.set(name, category);
    }
    return category as Registry<CategoryValue<K>>;
  }
}

/** The root registry; services live in `registry.category("services")`. */
export const registry = new Registry("root");
