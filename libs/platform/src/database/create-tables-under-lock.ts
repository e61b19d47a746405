import type { Pool } from 'pg';

/**
 * A service's own tables: created at start, idempotently (`CREATE … IF NOT EXISTS`), in one
 * transaction under a transaction-scoped advisory lock named after them, so that replicas
 * starting together do not race on the DDL.
 */
export async function createTablesUnderLock(pool: Pool, lockName: string, ddl: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`oms:${lockName}`]);
    await client.query(ddl);
    await client.query('COMMIT');
    client.release();
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    // The connection may be broken: do not hand it back to the pool.
    client.release(true);
    throw error;
  }
}
