import { Inject, Injectable, Logger } from '@nestjs/common';
import { streams, type OrderCancelled, type OrderConfirmed, type RecordedEvent } from '@oms/contracts';
import type { EventStore } from '@oms/event-store';
import { evolve, noInvoice, reactToOrderEvent } from '@oms/finance-domain';
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
} from '@oms/platform';
import type { Pool } from 'pg';

export const FINANCE_SUBSCRIPTION = 'finance';

/**
 * Finance's part of an order: a confirmed order is invoiced and the invoice settled by the
 * payment that confirmed it; a cancelled order's paid invoice is refunded. One invoice stream
 * per order (`invoice-<orderId>`); the decider ignores what is already done, and the appended
 * events' ids derive from the order event, so a redelivery acts once.
 */
@Injectable()
export class InvoiceReactor extends ReactorLifecycle {
  private readonly logger = new Logger('finance');
  private readonly reactor: Reactor;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) pool: Pool,
    health: HealthRegistry,
  ) {
    super();
    this.reactor = new Reactor({
      name: FINANCE_SUBSCRIPTION,
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
    const { orderId } = event.data as OrderConfirmed | OrderCancelled;
    const { events } = await decideOnStream(this.store, {
      streamId: streams.invoice(orderId),
      initialState: noInvoice,
      evolve,
      decide: (invoice) => reactToOrderEvent(invoice, domainEventOf(event)),
      context: reactionContext(event, serviceActor('finance')),
      eventId: reactionEventId(event, 'finance'),
    });
    if (events.length > 0) this.logger.log(`order ${orderId}: ${events.map((e) => e.type).join(', ')}`);
  }
}
