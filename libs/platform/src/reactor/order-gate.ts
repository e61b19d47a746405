import { DomainError, streams, type RecordedEvent } from '@oms/contracts';
import type { EventStore } from '@oms/event-store';
import { evolve, initialOrder, isOnHold, type Order } from '@oms/ordering-domain';
import { foldStream } from './stream-decision';

export interface OrderForOperation {
  order: Order;
  /** The order's cancellation, when it has been cancelled. */
  cancelled?: RecordedEvent;
}

/**
 * What an operator step on a module row must know of the order, read from the order's own
 * events (never from ordering's tables): that it exists, and that no hold blocks it.
 */
export async function orderForOperation(store: EventStore, orderId: string): Promise<OrderForOperation> {
  const history = await store.readStream(streams.order(orderId));
  const order = foldStream(history, evolve, initialOrder);
  if (order.status === null) throw new DomainError('ORDER_NOT_FOUND', `order ${orderId} does not exist`);
  if (isOnHold(order)) throw new DomainError('ORDER_ON_HOLD', 'the order is on hold: release its holds first');
  const cancelled = history.find((event) => event.type === 'OrderCancelled');
  return cancelled ? { order, cancelled } : { order };
}
