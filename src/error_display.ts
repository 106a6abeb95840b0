/**
 * owl-services/error_display: shows errors no caller handled. Registers nothing.
 */
export { errorDisplayService } from "./services/error_display/error_display_service.js";
export type { ErrorDisplayService } from "./services/error_display/error_display_service.js";
