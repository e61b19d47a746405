import { Inject, Injectable, Logger } from '@nestjs/common';
import type { RecordedEvent } from '@oms/contracts';
import type { EventStore } from '@oms/event-store';
import { EVENT_STORE, HealthRegistry, PG_POOL, Reactor, ReactorLifecycle } from '@oms/platform';
import { moduleStateAfter, react, type Fact } from '@oms/process-manager-domain';
import type { Pool } from 'pg';
import { sendOrderCommand, type CommandTransport } from './order-commands';
import { ORDERING_CLIENT } from './tokens';

export const MODULE_FACTS_SUBSCRIPTION = 'process-manager';

/** An event of the global log as the process manager's translation reads it. */
export function factOf(event: RecordedEvent): Fact {
  const data = event.data as { orderId?: string };
  return { type: event.type, data: event.data, eventId: event.eventId, orderId: event.metadata.orderId ?? data.orderId } as Fact;
}

/**
 * Tells the order every fact of its modules (invoice issued and paid, shipment steps, booking
 * steps, a failed booking's veto), in the global log's order, as ordering commands. The order
 * decides fulfilment, completion and cut-off from them on its own stream.
 */
@Injectable()
export class ModuleFacts extends ReactorLifecycle {
  private readonly logger = new Logger('process-manager');
  private readonly reactor: Reactor;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(PG_POOL) pool: Pool,
    health: HealthRegistry,
    @Inject(ORDERING_CLIENT) private readonly ordering: CommandTransport,
  ) {
    super();
    this.reactor = new Reactor({
      name: MODULE_FACTS_SUBSCRIPTION,
      store,
      pool,
      health,
      filter: { streamPrefixes: ['invoice-', 'shipment-', 'booking-'], eventTypes: Object.keys(moduleStateAfter) },
      handle: (event) => this.translate(event),
    });
  }

  protected reactors(): Reactor[] {
    return [this.reactor];
  }

  async translate(event: RecordedEvent): Promise<void> {
    for (const command of react(factOf(event))) {
      const outcome = await sendOrderCommand(this.ordering, command, event.metadata.correlationId);
      if (!outcome.accepted) {
        this.logger.warn(`order ${command.orderId} refused ${command.kind} caused by ${event.type} ${event.eventId}: ${outcome.code} (${outcome.message}); skipped`);
      }
    }
  }
}
