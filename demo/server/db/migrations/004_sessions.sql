-- Sessions in the database, as Odoo keeps them out of its workers' memory: they outlive a restart
-- and every instance on the database knows them. The cookie's value is not stored, only its
-- SHA-256, so the table does not hand out live sessions to whoever reads it.
CREATE TABLE http_session (
  id_hash char(64) PRIMARY KEY,
  uid integer NOT NULL REFERENCES res_users (id) ON DELETE CASCADE,
  login varchar NOT NULL,
  db varchar NOT NULL,
  -- Milliseconds since the epoch.
  expires_at bigint NOT NULL
);
CREATE INDEX http_session_expires_at ON http_session (expires_at);
