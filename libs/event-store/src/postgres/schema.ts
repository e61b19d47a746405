// The event log's tables. `position` is not a sequence: see append-function.ts for why it is
// (transaction id << 20) + ordinal, and global-log.ts for how readers use it.

/** Custom SQLSTATEs raised by es_append; the adapter maps them to typed errors (errors.ts). */
export const SqlState = {
  wrongExpectedVersion: 'ES001',
  eventIdConflict: 'ES002',
  invalidAppend: 'ES003',
  appendOutOfOrder: 'ES004',
} as const;

/** Bits of a position that number the events of one transaction (2^20 − 1 at most). */
export const ORDINAL_BITS = 20;

export const createTables = `
CREATE TABLE es_events (
  position    bigint      PRIMARY KEY,
  stream_id   text        NOT NULL,
  revision    bigint      NOT NULL,
  event_id    uuid        NOT NULL UNIQUE,
  type        text        NOT NULL,
  data        jsonb       NOT NULL,
  metadata    jsonb       NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (stream_id, revision),
  CONSTRAINT es_events_revision_check CHECK (revision >= 0),
  -- The contract metadata is also enforced here, so that no path around the adapter (psql, a
  -- script calling es_append) can store an event that cannot be traced.
  CONSTRAINT es_events_metadata_check CHECK (
    jsonb_typeof(metadata) = 'object'
    AND metadata ?& ARRAY['orderId', 'correlationId', 'causationId', 'actor', 'occurredAt', 'schemaVersion']
    AND jsonb_typeof(metadata -> 'actor') = 'object'
    AND (metadata -> 'actor') ?& ARRAY['type', 'id']
    AND jsonb_typeof(metadata -> 'schemaVersion') = 'number'
  )
);

COMMENT ON COLUMN es_events.position IS
  '(top-level xid << 20) + ordinal in the appending transaction: ordered like commits become visible below the xmin fence';

CREATE TABLE es_checkpoints (
  subscription text        PRIMARY KEY,
  position     bigint      NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
`;

/**
 * Migration 6: the metadata check of es_events, same condition, evaluated by a PL/pgSQL
 * function. PostgreSQL rebuilds a table's CHECK expressions from their stored node text for
 * every INSERT statement: this one (two text[] constants, five tests) cost ≈ 20 µs per append,
 * more than evaluating it; a call to a function is read in a blink, and the function's own
 * expression is prepared once per connection. Rows already stored passed the same condition:
 * the new constraint is still validated (a scan, ≈ µs per row), so that the catalog says so.
 */
export const metadataCheckFunctionMigration = `
CREATE OR REPLACE FUNCTION es_metadata_is_valid(p_metadata jsonb) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
BEGIN
  RETURN jsonb_typeof(p_metadata) = 'object'
    AND p_metadata ?& ARRAY['orderId', 'correlationId', 'causationId', 'actor', 'occurredAt', 'schemaVersion']
    AND jsonb_typeof(p_metadata -> 'actor') = 'object'
    AND (p_metadata -> 'actor') ?& ARRAY['type', 'id']
    AND jsonb_typeof(p_metadata -> 'schemaVersion') = 'number';
END
$fn$;
ALTER TABLE es_events DROP CONSTRAINT es_events_metadata_check;
ALTER TABLE es_events ADD CONSTRAINT es_events_metadata_check CHECK (es_metadata_is_valid(metadata)) NOT VALID;
ALTER TABLE es_events VALIDATE CONSTRAINT es_events_metadata_check;
`;
