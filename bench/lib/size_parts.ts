// The apps whose shipped size `npm run bench` reports and `npm test` keeps under budget: each
// imports from the package as a user's app would, and esbuild keeps only what it reaches.

/** An app that registers its own services and needs only the core. */
export const CORE_ONLY_APP = `export { registry, makeEnv, startServices, useService } from "owl-services/core";`;

/** Each part on top of the ones before it (the subpath entries register nothing: the app does). */
export const PARTS: [part: string, imports: string][] = [
  ["registry and start-up", `export { registry, makeEnv, startServices, stopServices, useService, mountComponent, MainComponentsContainer } from "owl-services/core";`],
  ["rpc with notifications", `export { rpcService, isRPCError } from "owl-services/rpc"; export { notificationService, NotificationContainer } from "owl-services/notification";`],
  ["orm", `export { ormService } from "owl-services/orm";`],
  ["error display", `export { errorDisplayService } from "owl-services/error_display";`],
  ["loading indicator", `export { LoadingIndicator } from "owl-services/loading_indicator";`],
];

/** The base app: core, rpc, orm and notifications, no cache (the disk cache loads on first use). */
export const BASE_APP = PARTS.slice(0, 3)
  .map(([, imports]) => imports)
  .join("\n");

/** The base app with the outbox service and its indicator (owl-services/outbox). */
export const OUTBOX_APP = `${BASE_APP}\nexport { outboxService, OutboxIndicator } from "owl-services/outbox";`;

/** Everything, as the main entry gives it (it registers every service and main component). */
export const WHOLE_APP = `export * from "owl-services";`;

/** The base app with the bus service (owl-services/bus): its socket's code is a chunk loaded on first use. */
export const BUS_APP = `${BASE_APP}\nexport { busService } from "owl-services/bus";`;
