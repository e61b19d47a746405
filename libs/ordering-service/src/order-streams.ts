import { Inject, Injectable } from '@nestjs/common';
import { streams, type NewEvent, type RecordedEvent } from '@oms/contracts';
import type { EventStore, ExpectedRevision } from '@oms/event-store';
import { evolve, initialOrder, type Order, type OrderEvent } from '@oms/ordering-domain';
import { EVENT_STORE } from '@oms/platform';

export interface LoadedOrder {
  order: Order;
  /** Revision of the stream's last event; -1 when the stream is empty. */
  revision: number;
}

/** The order's stream: the order is its events folded, nothing else. */
@Injectable()
export class OrderStreams {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load(orderId: string): Promise<LoadedOrder> {
    const events = await this.store.readStream(streams.order(orderId));
    return { order: fold(events), revision: events.length - 1 };
  }

  append(orderId: string, events: NewEvent[], revision: number): Promise<{ nextExpectedRevision: number }> {
    const expected: ExpectedRevision = revision < 0 ? 'no_stream' : revision;
    return this.store.append(streams.order(orderId), events, { expected });
  }
}

export function fold(events: RecordedEvent[]): Order {
  return events.reduce((order, event) => evolve(order, { type: event.type, data: event.data } as OrderEvent), initialOrder());
}
