/** Events and commands shared by the unit specs: an order told as the business would tell it. */
import type { CancellationReason, HoldType, ModuleName, OrderLine, OrderStatus } from '@oms/contracts';
import { deciderSpecification } from '@oms/testing';
import type { DecisionContext } from './decision-context';
import { orderTotals } from './money';
import { evolve, initialOrder, type OrderEvent } from './order';

export const given = deciderSpecification(evolve, initialOrder);

export const orderId = '01937e4c-0000-7000-8000-000000000001';
export const orderNumber = 'ORD-2026-000042';
export const customerId = '01937e4c-0000-7000-8000-0000000000c1';
export const placedAt = '2026-11-22T10:00:00.000Z';
export const now = '2026-11-22T12:00:00.000Z';
export const context: DecisionContext = { now };

export const book: OrderLine = { lineId: 'line-book', sku: 'BOOK-1', productType: 'physical', description: 'A book', quantity: 2, unitPrice: 1250 };
export const ebook: OrderLine = { lineId: 'line-ebook', sku: 'EBOOK-1', productType: 'digital', description: 'An e-book', quantity: 1, unitPrice: 999 };
export const trip: OrderLine = { lineId: 'line-trip', sku: 'TRIP-1', productType: 'travel', description: 'A trip', quantity: 1, unitPrice: 50000 };

export function placed(lines: OrderLine[] = [book], currency = 'EUR'): OrderEvent {
  return { type: 'OrderPlaced', data: { orderId, orderNumber, customerId, currency, lines, placedAt } };
}

export function lineAdded(line: OrderLine, at = '2026-11-22T10:05:00.000Z'): OrderEvent {
  return { type: 'OrderLineAdded', data: { orderId, line, at } };
}

export function confirmed(lines: OrderLine[] = [book], paymentId = 'pay-1', currency = 'EUR'): OrderEvent {
  const totals = orderTotals(lines);
  return {
    type: 'OrderConfirmed',
    data: { orderId, orderNumber, customerId, paymentId, amount: totals.total, currency, lines, totals, confirmedAt: '2026-11-22T10:10:00.000Z' },
  };
}

export function fulfilmentStarted(at = '2026-11-22T10:20:00.000Z'): OrderEvent {
  return { type: 'OrderFulfillmentStarted', data: { orderId, at } };
}

export function completed(at = '2026-11-22T11:00:00.000Z'): OrderEvent {
  return { type: 'OrderCompleted', data: { orderId, at } };
}

export function holdPlaced(holdId = 'hold-1', type: HoldType = 'CREDIT', reason = 'credit check'): OrderEvent {
  return { type: 'OrderHoldPlaced', data: { orderId, holdId, type, reason, placedAt: '2026-11-22T10:15:00.000Z' } };
}

export function holdReleased(holdId = 'hold-1', reason = 'cleared'): OrderEvent {
  return { type: 'OrderHoldReleased', data: { orderId, holdId, reason, releasedAt: '2026-11-22T10:16:00.000Z' } };
}

export function moduleReached(module: ModuleName, state: string, sourceEventId = `${module}-${state}`, at = '2026-11-22T10:30:00.000Z'): OrderEvent {
  return { type: 'OrderModuleStateRecorded', data: { orderId, module, state, sourceEventId, at } };
}

export function cancelled(reason: CancellationReason, previousStatus: OrderStatus): OrderEvent {
  return { type: 'OrderCancelled', data: { orderId, reason, previousStatus, requestedAt: '2026-11-22T10:40:00.000Z', cancelledAt: '2026-11-22T10:40:00.000Z' } };
}

/** Events a decision emits at `now`. */
export const emitted = {
  fulfilmentStarted: (): OrderEvent => ({ type: 'OrderFulfillmentStarted', data: { orderId, at: now } }),
  completed: (): OrderEvent => ({ type: 'OrderCompleted', data: { orderId, at: now } }),
  moduleRecorded: (module: ModuleName, state: string, sourceEventId = `${module}-${state}`): OrderEvent => ({
    type: 'OrderModuleStateRecorded',
    data: { orderId, module, state, sourceEventId, at: now },
  }),
  holdReleased: (holdId = 'hold-1', reason = 'cleared'): OrderEvent => ({ type: 'OrderHoldReleased', data: { orderId, holdId, reason, releasedAt: now } }),
};

/** The per-field errors a failing decision reports (fails the test if it does not fail). */
export function fieldErrorsOf(decision: () => unknown): { field: string; message: string }[] {
  try {
    decision();
  } catch (error) {
    return (error as { errors?: { field: string; message: string }[] }).errors ?? [];
  }
  throw new Error('expected the decision to fail');
}
