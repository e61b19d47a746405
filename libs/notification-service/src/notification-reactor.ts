import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { streams, type RecordedEvent } from '@oms/contracts';
import type { EventStore } from '@oms/event-store';
import { evolve, initialOrder } from '@oms/ordering-domain';
import { EVENT_STORE, foldStream, HealthRegistry, PG_POOL, Reactor, ReactorLifecycle } from '@oms/platform';
import type { Pool } from 'pg';
import { notificationFor, notifyingEvents } from './notification';
import { migrateOutbox, recordIntent } from './notification-outbox';
import { NotificationSender } from './notification-sender';

export const NOTIFICATION_SUBSCRIPTION = 'notification';

/**
 * Turns the order's confirmation, completion and cancellation into an intent in
 * notification_outbox; the sender works them off. The outbox's key is the notification id, one
 * per (order, kind), so an event delivered twice, or a second event of the same kind, records
 * nothing new: the intent is exactly once without sharing a transaction with the checkpoint.
 * (Sharing one would keep a writing transaction open while the order streams are read, which
 * holds back the event store's read fence for every subscriber, docs/adr/0002.)
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
      handle: (event) => this.record(event),
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
  async record(event: RecordedEvent): Promise<void> {
    const orderId = (event.data as { orderId: string }).orderId;
    const history = await this.store.readStream(streams.order(orderId), { maxCount: event.revision + 1 });
    const intent = notificationFor(event, foldStream(history, evolve, initialOrder));
    if (intent) await recordIntent(this.pool, intent);
  }
}
