/**
 * owl-services: Odoo-style services for OWL 2 apps.
 * Importing this module registers the built-in services and main components.
 */
export { Registry, registry, KeyNotFoundError, DuplicatedKeyError, DEFAULT_SEQUENCE } from "./registry";
export type { RegistryCategories, CategoryValue, RegistryUpdate } from "./registry";
export { makeEnv, startServices, ServiceStartError, ServiceDependencyError } from "./env";
export type { Env, Config, Services, ServiceDefinition } from "./env";
export { useService, ComponentDestroyedError } from "./use_service";
export { MainComponentsContainer } from "./components/main_components_container";
export type { MainComponentEntry } from "./components/main_components_container";
export { browser } from "./browser";
export type { Browser, TimeoutId } from "./browser";
