-- write_date is a record's version (the concurrency check): kept in whole seconds, so the
-- "YYYY-MM-DD HH:MM:SS" a reader gets is all of it; each write moves it on by at least a second.
UPDATE sale_order SET write_date = date_trunc('second', write_date);
UPDATE sale_order_line SET write_date = date_trunc('second', write_date);
UPDATE res_partner SET write_date = date_trunc('second', write_date);
ALTER TABLE sale_order ALTER COLUMN write_date SET DEFAULT date_trunc('second', now() AT TIME ZONE 'UTC');
ALTER TABLE sale_order_line ALTER COLUMN write_date SET DEFAULT date_trunc('second', now() AT TIME ZONE 'UTC');
ALTER TABLE res_partner ALTER COLUMN write_date SET DEFAULT date_trunc('second', now() AT TIME ZONE 'UTC');
-- A shipped order is a state of its own: the carrier's tracking reference, set once by action_ship
-- (it was a "Shipped: " prefix of the note, which any write of the note could erase).
ALTER TABLE sale_order ADD COLUMN carrier_tracking_ref varchar;
UPDATE sale_order SET carrier_tracking_ref = substr(note, 10), note = NULL WHERE note LIKE 'Shipped: %';
