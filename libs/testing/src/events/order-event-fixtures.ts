import {
  newId,
  streams,
  type Actor,
  type CancellationReason,
  type EventMetadata,
  type NewEvent,
  type OrderCancelled,
  type OrderCompleted,
  type OrderConfirmed,
  type OrderHoldPlaced,
  type OrderHoldReleased,
  type OrderLine,
  type OrderPlaced,
  type OrderStatus,
  type ProductType,
  type RecordedEvent,
} from '@oms/contracts';

// Order events as the ordering service appends them, for specs that play the order's part (or
// feed a log by hand). Every event carries the full CONTRACT §4 metadata, so the stores accept it.

/** The development client's API key: who places, pays and cancels the orders of the specs. */
export const devClient: Actor = { type: 'user', id: 'dev-client', role: 'client' };

/** CONTRACT §4 metadata of an event about `orderId`: a fresh correlation and cause, now, by the dev client. */
export function contractMetadata(orderId: string, overrides: Partial<EventMetadata> = {}): EventMetadata {
  return { orderId, correlationId: newId(), causationId: newId(), actor: devClient, occurredAt: new Date().toISOString(), schemaVersion: 1, ...overrides };
}

/** An event to append, about `data.orderId` (a new order when it names none). */
export function newEvent(type: string, data: object = {}, metadata: Partial<EventMetadata> = {}): NewEvent {
  const named = (data as { orderId?: unknown }).orderId;
  const orderId = typeof named === 'string' ? named : newId();
  return { eventId: newId(), type, data: { orderId, ...data }, metadata: contractMetadata(orderId, metadata) };
}

/** `event` as the store records it; recorded when it occurred unless told otherwise. */
export function recordedEvent(event: NewEvent, at: { streamId: string; revision: number; position: bigint; recordedAt?: Date }): RecordedEvent {
  return { ...event, streamId: at.streamId, revision: at.revision, position: at.position, recordedAt: at.recordedAt ?? new Date(event.metadata.occurredAt) };
}

export function orderLine(productType: ProductType, unitPrice = 1_000, quantity = 1): OrderLine {
  return { lineId: newId(), sku: `SKU-${productType}`, productType, description: productType, quantity, unitPrice };
}

export function orderPlaced(orderId: string, lines: OrderLine[] = [], overrides: Partial<OrderPlaced> = {}): OrderPlaced {
  return { orderId, orderNumber: 'ORD-2026-000001', customerId: 'c-1', currency: 'EUR', lines, placedAt: new Date().toISOString(), ...overrides };
}

/** Paid in full by `pay-<orderId>`, without tax or discount. */
export function orderConfirmed(orderId: string, lines: OrderLine[], overrides: Partial<OrderConfirmed> = {}): OrderConfirmed {
  const total = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
  return {
    orderId,
    orderNumber: 'ORD-2026-000001',
    customerId: 'c-1',
    paymentId: `pay-${orderId}`,
    amount: total,
    currency: 'EUR',
    lines,
    totals: { subtotal: total, tax: 0, discount: 0, total },
    confirmedAt: new Date().toISOString(),
    ...overrides,
  };
}

export function orderCancelled(orderId: string, previousStatus: OrderStatus = 'confirmed', reason: CancellationReason = 'CUSTOMER_REQUEST'): OrderCancelled {
  const at = new Date().toISOString();
  return { orderId, reason, previousStatus, requestedAt: at, cancelledAt: at };
}

export function orderHoldPlaced(orderId: string, holdId: string): OrderHoldPlaced {
  return { orderId, holdId, type: 'MANUAL_REVIEW', reason: 'check', placedAt: new Date().toISOString() };
}

export function orderHoldReleased(orderId: string, holdId: string): OrderHoldReleased {
  return { orderId, holdId, reason: 'fine', releasedAt: new Date().toISOString() };
}

export function orderCompleted(orderId: string): OrderCompleted {
  return { orderId, at: new Date().toISOString() };
}

/** One order's events, in one correlation, for its stream `order-<orderId>`. */
export class OrderEvents {
  readonly orderId = newId();
  readonly correlationId = newId();
  readonly streamId = streams.order(this.orderId);

  private readonly customerId: string;

  /** `customerId`: whose order it is (placement and confirmation name the customer). */
  constructor(options: { customerId?: string } = {}) {
    this.customerId = options.customerId ?? 'c-1';
  }

  line(productType: ProductType, unitPrice = 1_000, quantity = 1): OrderLine {
    return orderLine(productType, unitPrice, quantity);
  }

  /** An event of this order, caused by something new each time. */
  event(type: string, data: object): NewEvent {
    return newEvent(type, { orderId: this.orderId, ...data }, { correlationId: this.correlationId });
  }

  placed(lines: OrderLine[]): NewEvent {
    return this.event('OrderPlaced', orderPlaced(this.orderId, lines, { customerId: this.customerId }));
  }

  confirmed(lines: OrderLine[]): NewEvent {
    return this.event('OrderConfirmed', orderConfirmed(this.orderId, lines, { customerId: this.customerId }));
  }

  holdPlaced(holdId: string): NewEvent {
    return this.event('OrderHoldPlaced', orderHoldPlaced(this.orderId, holdId));
  }

  holdReleased(holdId: string): NewEvent {
    return this.event('OrderHoldReleased', orderHoldReleased(this.orderId, holdId));
  }

  completed(): NewEvent {
    return this.event('OrderCompleted', orderCompleted(this.orderId));
  }

  cancelled(previousStatus?: OrderStatus, reason?: CancellationReason): NewEvent {
    return this.event('OrderCancelled', orderCancelled(this.orderId, previousStatus, reason));
  }
}
