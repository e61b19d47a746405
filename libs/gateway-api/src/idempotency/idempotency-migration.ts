import { createTablesUnderLock } from '@oms/platform';
import type { Pool } from 'pg';

/**
 * The gateway's own table. Created at start, idempotently, under a transaction-scoped
 * advisory lock, so several gateway replicas starting together do not race on the DDL.
 */
const createTable = `
CREATE TABLE IF NOT EXISTS gw_idempotency_keys (
  scope            text        NOT NULL,
  idempotency_key  text        NOT NULL,
  request_hash     text        NOT NULL,
  claim_id         uuid        NOT NULL,
  state            text        NOT NULL CHECK (state IN ('pending', 'completed')),
  response_status  integer,
  response_headers jsonb,
  response_body    text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  completed_at     timestamptz,
  PRIMARY KEY (scope, idempotency_key)
);
CREATE INDEX IF NOT EXISTS gw_idempotency_keys_created_at ON gw_idempotency_keys (created_at);
`;

export function migrateIdempotencyKeys(pool: Pool): Promise<void> {
  return createTablesUnderLock(pool, 'gw_idempotency_keys', createTable);
}
