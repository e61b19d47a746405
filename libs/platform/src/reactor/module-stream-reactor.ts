import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DomainEvent, ModuleName, RecordedEvent } from '@oms/contracts';
import type { EventStore } from '@oms/event-store';
import type { Pool } from 'pg';
import { HealthRegistry } from '../health/health-registry';
import { EVENT_STORE, PG_POOL } from '../tokens';
import { reactionContext, reactionEventId, serviceActor } from './reaction';
import { Reactor } from './reactor';
import { ReactorLifecycle } from './reactor-lifecycle';
import { decideOnStream, domainEventOf, type StreamDecisionResult } from './stream-decision';

/**
 * A module's own stream per order (`invoice-<orderId>`, `shipment-<orderId>`, …) and its decider
 * of what the order's confirmation and cancellation mean for it.
 */
export interface ModuleStream<State, Event extends DomainEvent> {
  /** Names the subscription, the service actor, the purpose of the derived event ids and the log. */
  module: ModuleName;
  streamId: (orderId: string) => string;
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  reactToOrderEvent: (state: State, event: DomainEvent) => Event[];
}

/** The order events a module reacts to. */
export const moduleReactionEvents = ['OrderConfirmed', 'OrderCancelled'] as const;

/**
 * The module's reaction to an order event, decided and appended on the module's stream of that
 * order. The ids derive from the order event (purpose: the module), so a redelivery, or an
 * operator step applying the same cancellation first, appends nothing new.
 */
export function reactOnModuleStream<State, Event extends DomainEvent>(
  store: EventStore,
  stream: ModuleStream<State, Event>,
  event: RecordedEvent,
): Promise<StreamDecisionResult<State, Event>> {
  const { orderId } = event.data as { orderId: string };
  return decideOnStream(store, {
    streamId: stream.streamId(orderId),
    initialState: stream.initialState,
    evolve: stream.evolve,
    decide: (state) => stream.reactToOrderEvent(state, domainEventOf(event)),
    context: reactionContext(event, serviceActor(stream.module)),
    eventId: reactionEventId(event, stream.module),
  });
}

/**
 * The Nest provider of a module reacting to order events on its own stream: a durable
 * subscription named for the module over the orders' confirmations and cancellations, each
 * handled by `reactOnModuleStream` and logged when it appended something. A module states only
 * what differs: `class InvoiceReactor extends ModuleStreamReactor(invoices) {}`, and overrides
 * `reacted` for anything beyond the log line.
 */
export function ModuleStreamReactor<State, Event extends DomainEvent>(stream: ModuleStream<State, Event>) {
  @Injectable()
  class ReactorOnModuleStream extends ReactorLifecycle {
    protected readonly logger = new Logger(stream.module);
    private readonly reactor: Reactor;

    constructor(
      @Inject(EVENT_STORE) private readonly store: EventStore,
      @Inject(PG_POOL) pool: Pool,
      health: HealthRegistry,
    ) {
      super();
      this.reactor = new Reactor({
        name: stream.module,
        store,
        pool,
        health,
        filter: { streamPrefixes: ['order-'], eventTypes: [...moduleReactionEvents] },
        handle: (event) => this.react(event),
      });
    }

    protected reactors(): Reactor[] {
      return [this.reactor];
    }

    async react(event: RecordedEvent): Promise<void> {
      const result = await reactOnModuleStream(this.store, stream, event);
      const { orderId } = event.data as { orderId: string };
      if (result.events.length > 0) this.logger.log(`order ${orderId}: ${result.events.map((e) => e.type).join(', ')}`);
      this.reacted(event, result);
    }

    /** After each reaction, whether it appended anything or not. */
    protected reacted(_event: RecordedEvent, _result: StreamDecisionResult<State, Event>): void {}
  }
  return ReactorOnModuleStream;
}
