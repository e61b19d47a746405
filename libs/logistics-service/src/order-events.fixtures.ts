import { newId, streams, type NewEvent, type OrderLine, type ProductType } from '@oms/contracts';

/** Order events as the ordering service appends them, for specs that play the order's part. */
export class OrderEvents {
  readonly orderId = newId();
  readonly correlationId = newId();
  readonly streamId = streams.order(this.orderId);

  line(productType: ProductType, unitPrice = 1_000, quantity = 1): OrderLine {
    return { lineId: newId(), sku: `SKU-${productType}`, productType, description: productType, quantity, unitPrice };
  }

  event(type: string, data: Record<string, unknown>): NewEvent {
    const occurredAt = new Date().toISOString();
    const metadata = { orderId: this.orderId, correlationId: this.correlationId, causationId: newId(), actor: { type: 'user' as const, id: 'dev-client', role: 'client' as const }, occurredAt, schemaVersion: 1 };
    return { eventId: newId(), type, data: { orderId: this.orderId, ...data }, metadata };
  }

  placed(lines: OrderLine[]): NewEvent {
    return this.event('OrderPlaced', { orderNumber: 'ORD-2026-000001', customerId: 'c-1', currency: 'EUR', lines, placedAt: new Date().toISOString() });
  }

  confirmed(lines: OrderLine[]): NewEvent {
    const total = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
    return this.event('OrderConfirmed', {
      orderNumber: 'ORD-2026-000001',
      customerId: 'c-1',
      paymentId: `pay-${this.orderId}`,
      amount: total,
      currency: 'EUR',
      lines,
      totals: { subtotal: total, tax: 0, discount: 0, total },
      confirmedAt: new Date().toISOString(),
    });
  }

  holdPlaced(holdId: string): NewEvent {
    return this.event('OrderHoldPlaced', { holdId, type: 'MANUAL_REVIEW', reason: 'check', placedAt: new Date().toISOString() });
  }

  holdReleased(holdId: string): NewEvent {
    return this.event('OrderHoldReleased', { holdId, reason: 'fine', releasedAt: new Date().toISOString() });
  }

  completed(): NewEvent {
    return this.event('OrderCompleted', { at: new Date().toISOString() });
  }

  cancelled(previousStatus = 'confirmed', reason = 'CUSTOMER_REQUEST'): NewEvent {
    const at = new Date().toISOString();
    return this.event('OrderCancelled', { reason, previousStatus, requestedAt: at, cancelledAt: at });
  }
}

/** Retries an assertion until it passes or the time is up (subscriptions are asynchronous). */
export async function eventually(assertion: () => Promise<void> | void, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
