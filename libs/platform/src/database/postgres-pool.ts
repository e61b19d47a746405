import { Pool } from 'pg';

/** One pool per process; the name shows in pg_stat_activity, which helps when reading a slow fence. */
export function createPostgresPool(connectionString: string, applicationName: string, max = 10): Pool {
  const pool = new Pool({ connectionString, max, application_name: `oms-${applicationName}`, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection (PostgreSQL restart) must not crash the process:
  // the pool drops it and the next query opens a new one.
  pool.on('error', () => undefined);
  return pool;
}
