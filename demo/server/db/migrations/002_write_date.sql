-- When each order, line and partner was last written: the concurrency check of writes and unlinks
-- (Odoo up to 16: context __last_update) compares it with the write_date the user saw.
ALTER TABLE sale_order ADD COLUMN write_date timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC');
ALTER TABLE sale_order_line ADD COLUMN write_date timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC');
ALTER TABLE res_partner ADD COLUMN write_date timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC');
