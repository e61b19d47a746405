import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { streams, type RecordedEvent } from '@oms/contracts';
import type { EventStore } from '@oms/event-store';
import { evolve, initialOrder } from '@oms/ordering-domain';
import { EVENT_STORE, foldStream, HealthRegistry, PG_POOL, Reactor, ReactorLifecycle } from '@oms/platform';
import type { Pool, PoolClient } from 'pg';
import { notificationFor, notifyingEvents } from './notification';
import { migrateOutbox, recordIntent } from './notification-outbox';
import { NotificationSender } from './notification-sender';

export const NOTIFICATION_SUBSCRIPTION = 'notification';

/**
 * Turns the order's confirmation, completion and cancellation into an intent in
 * notification_outbox, in the same transaction as the subscription's checkpoint; the sender
 * works them off. The outbox's key is the notification id, one per (order, kind), so an event
 * delivered twice, or a second event of the same kind, records nothing new.
 */
@Injectable()
export class NotificationReactor extends ReactorLifecycle implements OnModuleInit {
  private readonly reactor: Reactor;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
    health: HealthRegistry,
    sender: NotificationSender,
  ) {
    super();
    this.reactor = new Reactor({
      name: NOTIFICATION_SUBSCRIPTION,
      store,
      pool,
      health,
      filter: { streamPrefixes: ['order-'], eventTypes: Object.keys(notifyingEvents) },
      handleInTransaction: (client, event) => this.record(client, event),
      afterBatch: () => sender.kick(),
    });
  }

  async onModuleInit(): Promise<void> {
    await migrateOutbox(this.pool);
  }

  protected reactors(): Reactor[] {
    return [this.reactor];
  }

  /** The order as it stood at the event (its customer and number), then the intent. */
  async record(client: PoolClient, event: RecordedEvent): Promise<void> {
    const orderId = (event.data as { orderId: string }).orderId;
    const history = await this.store.readStream(streams.order(orderId), { maxCount: event.revision + 1 });
    const intent = notificationFor(event, foldStream(history, evolve, initialOrder));
    if (intent) await recordIntent(client, intent);
  }
}
