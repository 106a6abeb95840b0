/**
 * owl-services/loading_indicator: the "Loading…" badge shown while rpcs are pending. Registers nothing:
 * `registry.category("main_components").add("LoadingIndicator", { Component: LoadingIndicator })`.
 */
export { LoadingIndicator } from "./components/loading_indicator.js";
