import type { Pool } from 'pg';
import type { AppendResult, StreamAppend } from '../event-store';
import type { ContractHooks, DurableConsumer } from '../contract/fixtures';
import { CheckpointStore, runInTransaction } from './checkpoint-store';
import { LISTENER_APPLICATION_NAME } from './commit-notifications';
import { int8AsBigInt } from './int8';
import type { PostgresEventStore } from './postgres-event-store';

// Test support only (imported by specs, not exported by the library): what the contract
// suite's proofs need of PostgreSQL beyond the port.

export const createConsumerEffectsTable = `
  CREATE TABLE IF NOT EXISTS test_consumer_effects (
    seq      bigserial PRIMARY KEY,
    consumer text   NOT NULL,
    event_id uuid   NOT NULL,
    position bigint NOT NULL
  )`;

/** A consumer whose effect is a row per event, committed with its checkpoint (checkpoint-store.ts). */
export function postgresDurableConsumer(pool: Pool, name: string): DurableConsumer {
  const checkpoints = new CheckpointStore(pool);
  return {
    checkpoint: () => checkpoints.load(name),
    handle: (events, expected, next, options) =>
      runInTransaction(pool, name, expected, next, async (client) => {
        await client.query('INSERT INTO test_consumer_effects (consumer, event_id, position) SELECT $1, unnest($2::uuid[]), unnest($3::bigint[])', [
          name,
          events.map((e) => e.eventId),
          events.map((e) => e.position.toString()),
        ]);
        if (options?.crashBeforeCommit) throw new Error('the consumer crashed after its writes, before COMMIT');
      }),
    effects: async () =>
      (
        await pool.query<{ event_id: string; position: bigint }>({
          text: 'SELECT event_id, position FROM test_consumer_effects WHERE consumer = $1 ORDER BY seq',
          values: [name],
          types: int8AsBigInt,
        })
      ).rows.map((row) => ({ eventId: row.event_id, position: row.position })),
  };
}

/** Appends in an explicit transaction held open `holdMs` (pg_sleep), then COMMIT or ROLLBACK. */
export async function appendInHeldTransaction(
  store: PostgresEventStore,
  appends: StreamAppend[],
  outcome: 'commit' | 'rollback',
  holdMs: number,
): Promise<AppendResult[] | undefined> {
  const client = await store.pool.connect();
  try {
    await client.query('BEGIN');
    const results = await store.appendInTransaction(client, appends);
    if (holdMs > 0) await client.query('SELECT pg_sleep($1)', [holdMs / 1000]);
    await client.query(outcome === 'commit' ? 'COMMIT' : 'ROLLBACK');
    client.release();
    return outcome === 'commit' ? results : undefined;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
    throw error;
  }
}

/**
 * Kills this database's LISTEN connections the way a PostgreSQL restart or a DBA would,
 * waiting (up to `waitMs`) for one to be listening: it connects in the background.
 */
export async function terminateListeners(pool: Pool, waitMs = 5_000): Promise<number> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const { rowCount } = await pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = $1 AND datname = current_database() AND query ILIKE 'LISTEN%'`,
      [LISTENER_APPLICATION_NAME],
    );
    if (rowCount || Date.now() > deadline) return rowCount ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function postgresContractHooks(store: PostgresEventStore): ContractHooks {
  return {
    appendInTransaction: (appends, outcome, holdMs) => appendInHeldTransaction(store, appends, outcome, holdMs),
    countEvents: async (prefix) =>
      Number((await store.pool.query('SELECT count(*) AS n FROM es_events WHERE starts_with(stream_id, $1)', [prefix])).rows[0].n),
    durableConsumer: async (name) => {
      await store.pool.query(createConsumerEffectsTable);
      return postgresDurableConsumer(store.pool, name);
    },
    breakNotifications: async () => {
      if ((await terminateListeners(store.pool)) === 0) throw new Error('no LISTEN connection to terminate');
    },
  };
}
