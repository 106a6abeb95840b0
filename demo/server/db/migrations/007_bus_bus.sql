-- The bus (Odoo's bus.bus): one row per notification, written in the transaction of the write it
-- tells of, with a NOTIFY in that same transaction, so only committed writes are heard of. Rows are
-- kept for the bus retention; a client resuming from an id older than what was swept gets a reset.
CREATE TABLE bus_bus (
  id bigserial PRIMARY KEY,
  -- A model name ("sale.order"): who may read the model may listen.
  channel varchar NOT NULL,
  -- What the client gets: {type, payload}.
  message jsonb NOT NULL,
  -- The rows an unlink deleted, as they were: the record rules are checked on them (never sent).
  removed jsonb,
  create_date timestamp NOT NULL DEFAULT (clock_timestamp() AT TIME ZONE 'UTC')
);
CREATE INDEX bus_bus_create_date ON bus_bus (create_date);
-- The highest id the sweep deleted: a `last` below it may have missed a row.
CREATE TABLE bus_bus_swept (
  id bigint NOT NULL
);
INSERT INTO bus_bus_swept (id) VALUES (0);
