import type { DomainEvent, OrderStatus } from '@oms/contracts';

/** How far an order has got, as the process manager saw it; `unknown` before any order event. */
export interface OrderProgress {
  status: OrderStatus | 'unknown';
}

export const unknownProgress = (): OrderProgress => ({ status: 'unknown' });

const statusAfter: Partial<Record<DomainEvent['type'], OrderStatus>> = {
  OrderPlaced: 'pending',
  OrderConfirmed: 'confirmed',
  OrderFulfillmentStarted: 'fulfilling',
  OrderCompleted: 'completed',
  OrderCancelled: 'cancelled',
};

export function evolve(progress: OrderProgress, event: DomainEvent): OrderProgress {
  const status = statusAfter[event.type];
  return status ? { status } : progress;
}
