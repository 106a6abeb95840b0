/**
 * owl-services/core: the registry, envs and their start-up, `useService`, `mountComponent`,
 * translations and the main components container. Registers nothing: an app that registers its
 * own services pays only for these.
 */
export { Registry, registry, KeyNotFoundError, DuplicatedKeyError } from "./registry.js";
export type { RegistryCategories, CategoryValue, RegistryUpdate } from "./registry.js";
export { makeEnv, startServices, stopServices, ServiceStartError, ServiceDependencyError, ServiceStopError } from "./env.js";
export { mountComponent } from "./mount.js";
export type { MountComponentOptions } from "./mount.js";
export type { Env, Config, Services, ServiceDefinition } from "./env.js";
export { useService, ComponentDestroyedError, UNHANDLED_ERROR } from "./use_service.js";
export { useTranslate } from "./translation.js";
export type { Translate, MessageId } from "./translation.js";
export { MainComponentsContainer } from "./components/main_components_container.js";
export type { MainComponentEntry } from "./components/main_components_container.js";
export type { Browser, TimeoutId } from "./browser.js";
