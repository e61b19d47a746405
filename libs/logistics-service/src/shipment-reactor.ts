import { Inject, Injectable, Logger } from '@nestjs/common';
import { streams, type OrderCancelled, type OrderConfirmed, type RecordedEvent } from '@oms/contracts';
import type { EventStore } from '@oms/event-store';
import { evolve, noShipment, reactToOrderEvent, type Shipment } from '@oms/logistics-domain';
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
import type { Pool } from 'pg';
import type { ShipmentEvent } from '@oms/logistics-domain';

export const LOGISTICS_SUBSCRIPTION = 'logistics';
const leftTheWarehouse: readonly string[] = ['shipped', 'delivered', 'returned'];

/**
 * The shipment's reaction to an order event on `shipment-<orderId>`: created for a confirmed
 * order with physical lines, stopped when the order is cancelled while it is still in the
 * warehouse. The ids derive from the order event (purpose `logistics`), so a redelivery, or the
 * operator path catching up on the same cancellation first, appends nothing new.
 */
export function reactOnShipment(store: EventStore, event: RecordedEvent): Promise<StreamDecisionResult<Shipment, ShipmentEvent>> {
  const { orderId } = event.data as OrderConfirmed | OrderCancelled;
  return decideOnStream(store, {
    streamId: streams.shipment(orderId),
    initialState: noShipment,
    evolve,
    decide: (shipment) => reactToOrderEvent(shipment, domainEventOf(event)),
    context: reactionContext(event, serviceActor('logistics')),
    eventId: reactionEventId(event, 'logistics'),
  });
}

@Injectable()
export class ShipmentReactor extends ReactorLifecycle {
  private readonly logger = new Logger('logistics');
  private readonly reactor: Reactor;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) pool: Pool,
    health: HealthRegistry,
  ) {
    super();
    this.reactor = new Reactor({
      name: LOGISTICS_SUBSCRIPTION,
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
    const { events, state } = await reactOnShipment(this.store, event);
    const { orderId } = event.data as OrderConfirmed | OrderCancelled;
    if (events.length > 0) this.logger.log(`order ${orderId}: ${events.map((e) => e.type).join(', ')}`);
    if (event.type === 'OrderCancelled' && leftTheWarehouse.includes(state.status)) {
      // The cancel-vs-ship race (see shipment-operations.ts): the order was cancelled while its
      // parcel was leaving. Nothing can stop it any more; someone has to get it back.
      this.logger.warn(`order ${orderId} was cancelled but its shipment is already ${state.status}: the parcel must be recovered by a return`);
    }
  }
}
