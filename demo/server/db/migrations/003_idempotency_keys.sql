-- Idempotency keys, in the database, written in the same transaction as the call they name: a
-- commit makes the write and its stored answer durable together, a rollback forgets both, and a
-- duplicate sent to any instance waits on the key's row until the first call has committed.
CREATE TABLE idempotency_key (
  uid integer NOT NULL,
  key varchar(255) NOT NULL,
  -- SHA-256 of the call's canonical params: a key reused for another call is refused.
  fingerprint char(64) NOT NULL,
  -- The first answer as JSON text; NULL when it was too large to keep.
  response text,
  created_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
  PRIMARY KEY (uid, key)
);
CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at);
