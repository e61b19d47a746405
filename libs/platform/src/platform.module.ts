import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { createEventStore, type EventStore } from '@oms/event-store';
import type { Pool } from 'pg';
import { loadPlatformConfig, type PlatformConfig } from './config/platform-config';
import type { ServiceName } from './config/service-addresses';
import { createPostgresPool } from './database/postgres-pool';
import { HealthRegistry } from './health/health-registry';
import { ServiceHealthController } from './health/service-health.controller';
import { EVENT_STORE, PG_POOL, PLATFORM_CONFIG, SERVICE_NAME } from './tokens';

/** Registers the shared resources' own health and closes them last on shutdown. */
@Injectable()
class PlatformResources implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.health.register({ name: 'postgres', check: async () => void (await this.pool.query('SELECT 1')) });
    this.health.register({ name: 'event-store', check: () => this.store.ping() });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.pool.end();
  }
}

/**
 * Configuration, the PostgreSQL pool (read models, checkpoints) and the event store, for any
 * service. The event store's schema is migrated here, idempotently and under a lock, so any
 * process (or replica) can start first.
 */
@Global()
@Module({})
export class PlatformModule {
  static forService(service: ServiceName): DynamicModule {
    return {
      module: PlatformModule,
      controllers: [ServiceHealthController],
      providers: [
        { provide: SERVICE_NAME, useValue: service },
        { provide: PLATFORM_CONFIG, useFactory: () => loadPlatformConfig() },
        {
          provide: PG_POOL,
          inject: [PLATFORM_CONFIG],
          useFactory: (config: PlatformConfig) => createPostgresPool(config.databaseUrl, service),
        },
        {
          provide: EVENT_STORE,
          inject: [PLATFORM_CONFIG, PG_POOL],
          useFactory: (config: PlatformConfig, pool: Pool) =>
            createEventStore({
              kind: config.eventStore,
              pool,
              eventStoreConnectionString: config.eventStoreConnectionString,
            }),
        },
        HealthRegistry,
        PlatformResources,
      ],
      exports: [SERVICE_NAME, PLATFORM_CONFIG, PG_POOL, EVENT_STORE, HealthRegistry],
    };
  }
}
