/** `/web/session/get_session_info`'s answer (Odoo 17); servers may send more. */
export interface SessionInfo {
  uid: number | false;
  name?: string;
  /** The login. */
  username?: string;
  db?: string;
  user_context: Record<string, unknown>;
  is_admin?: boolean;
  is_system?: boolean;
  server_version?: string;
  [key: string]: unknown;
}
