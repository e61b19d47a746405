import { Inject, Injectable, Logger } from '@nestjs/common';
import { streams, type OrderCancelled, type OrderConfirmed, type RecordedEvent } from '@oms/contracts';
import type { EventStore } from '@oms/event-store';
import {
  decideOnStream,
  domainEventOf,
  EVENT_STORE,
  HealthRegistry,
  PG_POOL,
  reactionContext,
  reactionEventId,
  Reactor,
  ReactorLifecycle,
  serviceActor,
  type StreamDecisionResult,
} from '@oms/platform';
import { evolve, noBooking, reactToOrderEvent, type Booking, type BookingEvent } from '@oms/travel-domain';
import type { Pool } from 'pg';

export const TRAVEL_SUBSCRIPTION = 'travel';

/**
 * The booking's reaction to an order event on `booking-<orderId>`: reserved at once for a
 * confirmed order with travel lines, cancelled when the order is cancelled (unless the trip was
 * taken). Ids derive from the order event (purpose `travel`), so a redelivery, or the operator
 * path catching up on the same cancellation first, appends nothing new.
 */
export function reactOnBooking(store: EventStore, event: RecordedEvent): Promise<StreamDecisionResult<Booking, BookingEvent>> {
  const { orderId } = event.data as OrderConfirmed | OrderCancelled;
  return decideOnStream(store, {
    streamId: streams.booking(orderId),
    initialState: noBooking,
    evolve,
    decide: (booking) => reactToOrderEvent(booking, domainEventOf(event)),
    context: reactionContext(event, serviceActor('travel')),
    eventId: reactionEventId(event, 'travel'),
  });
}

@Injectable()
export class BookingReactor extends ReactorLifecycle {
  private readonly logger = new Logger('travel');
  private readonly reactor: Reactor;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) pool: Pool,
    health: HealthRegistry,
  ) {
    super();
    this.reactor = new Reactor({
      name: TRAVEL_SUBSCRIPTION,
      store,
      pool,
      health,
      filter: { streamPrefixes: ['order-'], eventTypes: ['OrderConfirmed', 'OrderCancelled'] },
      handle: (event) => this.react(event),
    });
  }

  protected reactors(): Reactor[] {
    return [this.reactor];
  }

  async react(event: RecordedEvent): Promise<void> {
    const { events } = await reactOnBooking(this.store, event);
    if (events.length > 0) this.logger.log(`order ${(event.data as OrderConfirmed).orderId}: ${events.map((e) => e.type).join(', ')}`);
  }
}
