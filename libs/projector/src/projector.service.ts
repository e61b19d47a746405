import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { EventStore } from '@oms/event-store';
import { EVENT_STORE, HealthRegistry, PG_POOL } from '@oms/platform';
import type { Pool } from 'pg';
import { ReadModelSubscription } from './read-model-subscription';

/** The projector process: read models in PostgreSQL, fed from the event store. */
@Injectable()
export class ProjectorService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Projector');
  readonly projections: ReadModelSubscription;

  constructor(
    @Inject(PG_POOL) pool: Pool,
    @Inject(EVENT_STORE) store: EventStore,
    private readonly health: HealthRegistry,
  ) {
    this.projections = new ReadModelSubscription(pool, store, this.logger);
  }

  async onModuleInit(): Promise<void> {
    this.health.register({ name: 'projections', check: () => this.projections.check() });
    await this.projections.start();
  }

  /** Before the platform closes the store and the pool: the batch in hand finishes first. */
  async onModuleDestroy(): Promise<void> {
    await this.projections.stop();
  }
}
