import type { Pool } from 'pg';

/**
 * The gateway's own table. Created at start, idempotently, under a transaction-scoped
 * advisory lock, so several gateway replicas starting together do not race on the DDL.
 */
export async function migrateIdempotencyKeys(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('oms:gw_idempotency_keys', 0))`);
    await client.query(`
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
      )`);
    await client.query('CREATE INDEX IF NOT EXISTS gw_idempotency_keys_created_at ON gw_idempotency_keys (created_at)');
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
