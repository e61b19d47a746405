import type { Pool } from 'pg';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import type { EventStore } from './event-store';
import { migrate } from './postgres/migrations';
import { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store';

export interface EventStoreConfig {
  kind: 'postgres' | 'eventstoredb';
  /** postgres: where the log lives (the store makes and owns its pool)… */
  databaseUrl?: string;
  /** …or a pool the caller owns (close() then leaves it open). */
  pool?: Pool;
  /** postgres: bring the schema up to date first (default true; safe when instances start together). */
  migrate?: boolean;
  postgres?: PostgresEventStoreOptions;
  /** eventstoredb: e.g. esdb://localhost:2113?tls=false */
  eventStoreConnectionString?: string;
}

/** The event store the configuration names; the rest of the platform sees only the port. */
export async function createEventStore(config: EventStoreConfig): Promise<EventStore> {
  switch (config.kind) {
    case 'postgres': {
      const connection = config.pool ?? config.databaseUrl;
      if (!connection) throw new Error('event store: kind postgres needs databaseUrl or pool');
      const store = new PostgresEventStore(connection, config.postgres);
      if (config.migrate ?? true) {
        try {
          await migrate(store.pool);
        } catch (error) {
          await store.close();
          throw error;
        }
      }
      return store;
    }
    case 'eventstoredb':
      if (!config.eventStoreConnectionString) throw new Error('event store: kind eventstoredb needs eventStoreConnectionString');
      return EventStoreDbEventStore.fromConnectionString(config.eventStoreConnectionString);
  }
}
