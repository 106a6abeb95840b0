/**
 * owl-services/outbox: writes kept while the server is away and applied once, in order, when it
 * returns. Registers nothing (the main entry does not either): an app that wants it adds it:
 * `registry.category("services").add("outbox", outboxService)`. Its line loads on first use.
 */
export { outboxService } from "./services/outbox/outbox_service.js";
export { OutboxIndicator } from "./services/outbox/outbox_indicator.js";
export type { OutboxService } from "./services/outbox/outbox_service.js";
export { OutboxDiscardedError } from "./services/outbox/outbox_entry.js";
export type { OutboxCallOptions, OutboxEntry } from "./services/outbox/outbox_entry.js";
export type { OutboxPromise } from "./services/outbox/outbox.js";
