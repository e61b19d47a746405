import { Injectable } from '@nestjs/common';
import type { OrderView } from '@oms/read-models';
import { ServiceClients } from './service-clients';

/** Message patterns the ordering service answers for auditors (rebuilt from the event store). */
export const orderHistoryPatterns = {
  /** `{ orderId, at }` (ISO 8601) → the order view as it stood then (ORDER_NOT_FOUND if not yet placed). */
  asOf: 'ordering.as-of',
  /** `{ orderId }` → every event of every module about the order, in global order, with data and metadata. */
  history: 'ordering.history',
} as const;

/** The audit view of an order: rebuilt from its events rather than read from a projection. */
export abstract class OrderHistory {
  abstract orderAsOf(orderId: string, at: Date): Promise<OrderView>;
  abstract events(orderId: string): Promise<unknown[]>;
}

@Injectable()
export class OrderingServiceHistory extends OrderHistory {
  constructor(private readonly services: ServiceClients) {
    super();
  }

  orderAsOf(orderId: string, at: Date): Promise<OrderView> {
    return this.services.ordering.send<OrderView>(orderHistoryPatterns.asOf, { orderId, at: at.toISOString() });
  }

  events(orderId: string): Promise<unknown[]> {
    return this.services.ordering.send<unknown[]>(orderHistoryPatterns.history, { orderId });
  }
}
