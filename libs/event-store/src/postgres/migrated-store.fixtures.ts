import { createTestDatabase, type TestDatabase } from '@oms/testing';
import { Pool } from 'pg';
import { migrate } from './migrations';
import { PostgresEventStore } from './postgres-event-store';

/** A fresh, migrated database with a store on it for the file's tests; closed and dropped after them. */
export function useMigratedStore(prefix: string, poolSize: number): { readonly pool: Pool; readonly store: PostgresEventStore } {
  let database: TestDatabase | undefined;
  let pool: Pool | undefined;
  let store: PostgresEventStore | undefined;

  beforeAll(async () => {
    database = await createTestDatabase(prefix);
    pool = new Pool({ connectionString: database.url, max: poolSize });
    await migrate(pool);
    store = new PostgresEventStore(pool);
  });

  afterAll(async () => {
    await store?.close();
    await pool?.end();
    await database?.drop();
  });

  return {
    get pool(): Pool {
      if (!pool) throw new Error('the database is not ready: use it inside a test');
      return pool;
    },
    get store(): PostgresEventStore {
      if (!store) throw new Error('the store is not ready: use it inside a test');
      return store;
    },
  };
}
