/**
 * owl-services/session: signing in (`session`), the signed-in user (`user`) and the sign-in dialog
 * that a session error opens. Registers nothing; they need `rpc` and `orm`.
 */
export { sessionService, SessionArgumentError } from "./services/session/session_service.js";
export type { SessionInfo, SessionService } from "./services/session/session_service.js";
export { userService } from "./services/session/user_service.js";
export { SignInDialog } from "./services/session/sign_in_dialog.js";
export type { UserService } from "./services/session/user_service.js";
export type { SessionConfig } from "./services/session/session_options.js";
