-- Failed sign-ins by address and login (Odoo 17's login cooldown), in the database: every instance
-- on it counts the same failures, and an attempt is counted in the statement that lets it be tried.
CREATE TABLE res_users_login_failure (
  source varchar NOT NULL,
  login varchar NOT NULL,
  failures integer NOT NULL,
  -- Milliseconds since the epoch of the last attempt counted.
  last_at bigint NOT NULL,
  PRIMARY KEY (source, login)
);
CREATE INDEX res_users_login_failure_last_at ON res_users_login_failure (last_at);
