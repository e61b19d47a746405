import { createTestDatabase } from '@oms/testing';
import { Pool } from 'pg';
import { describeEventStoreContract } from '../contract/event-store-contract';
import { migrate } from './migrations';
import { PostgresEventStore } from './postgres-event-store';
import { postgresContractHooks } from './postgres-test-hooks';

// Long on purpose: live delivery within milliseconds can then only come from LISTEN/NOTIFY.
const POLL_INTERVAL_MS = 10_000;

describeEventStoreContract(
  'postgres',
  async () => {
    const database = await createTestDatabase('es_contract');
    // Room for the concurrency proof's 32 writers plus subscribers.
    const pool = new Pool({ connectionString: database.url, max: 48 });
    await migrate(pool);
    const store = new PostgresEventStore(pool, {
      subscriptions: { pollIntervalMs: POLL_INTERVAL_MS, errorRetry: { initialMs: 20, maxMs: 200 } },
    });
    return {
      store,
      hooks: postgresContractHooks(store),
      async cleanup() {
        await store.close();
        await pool.end();
        await database.drop();
      },
    };
  },
  { pollIntervalMs: POLL_INTERVAL_MS },
);
