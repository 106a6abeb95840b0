/**
 * owl-services/bus: live data over Odoo 17's bus (one WebSocket per origin, shared by its tabs).
 * Registers nothing (the main entry does not either): an app that wants it adds it:
 * `registry.category("services").add("bus", busService)`. Its socket's code loads on first use.
 */
export { busService } from "./services/bus/bus_service.js";
export type { BusService } from "./services/bus/bus_service.js";
export type { BusConfig } from "./services/bus/bus_options.js";
export type { BusCallback, BusClose, BusNotification, BusState } from "./services/bus/types.js";
