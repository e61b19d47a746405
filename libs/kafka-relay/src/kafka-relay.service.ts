import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { EventStore } from '@oms/event-store';
import { EVENT_STORE, HealthRegistry, PG_POOL, PLATFORM_CONFIG, type PlatformConfig } from '@oms/platform';
import type { Pool } from 'pg';
import { KAFKA_RELAY_CHECKPOINT, KafkaRelay } from './kafka-relay';
import { loadRelaySettings } from './relay-settings';

/**
 * The relay inside the `kafka-relay` process: starts once the application is up (the store is
 * migrated by then), stops before the platform closes the pool and the store. Health checks
 * `kafka` (can it deliver?) and `subscription:kafka-relay` (is it reading the log?).
 */
@Injectable()
export class KafkaRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly relay: KafkaRelay;

  constructor(
    @Inject(PLATFORM_CONFIG) config: PlatformConfig,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(PG_POOL) pool: Pool,
    health: HealthRegistry,
  ) {
    this.relay = new KafkaRelay({ store, pool, settings: loadRelaySettings(config), logger: new Logger('kafka-relay') });
    health.register({ name: 'kafka', check: () => this.relay.checkKafka() });
    health.register({ name: `subscription:${KAFKA_RELAY_CHECKPOINT}`, check: async () => this.relay.checkSubscription() });
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.relay.stop();
  }
}
