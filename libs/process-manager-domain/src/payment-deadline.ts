import { derivedId } from '@oms/contracts';
import type { Fact } from './fact';
import { epochMillis, isoInstant } from './instant';
import type { RequestCancellation } from './order-command';
import type { OrderProgress } from './order-progress';

/** The moment a placed order that is still unpaid is to be cancelled (PAYMENT_TIMEOUT). */
export interface PaymentDeadline {
  orderId: string;
  dueAt: string;
  /** The OrderPlaced event that set it: the cause of the cancellation it may lead to. */
  placedEventId: string;
}

/** Set when the order is placed, `timeoutMs` after its placement (not after we saw it). */
export function deadlineFor(placed: Fact<'OrderPlaced'>, timeoutMs: number): PaymentDeadline {
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0) throw new RangeError(`payment timeout must be a positive whole number of ms, got ${timeoutMs}`);
  return { orderId: placed.orderId, dueAt: isoInstant(epochMillis(placed.data.placedAt) + timeoutMs), placedEventId: placed.eventId };
}

export function isDue(deadline: PaymentDeadline, now: string): boolean {
  return epochMillis(now) >= epochMillis(deadline.dueAt);
}

/**
 * On expiry, a still-pending order is asked to cancel itself. An order known to have moved on
 * (paid, or cancelled already) is left alone; one whose progress is unknown is asked anyway,
 * because the order itself ignores the request once it is no longer pending. A deadline that
 * fires early asks nothing.
 */
export function onDeadline(deadline: PaymentDeadline, order: OrderProgress, now: string): RequestCancellation[] {
  if (!isDue(deadline, now)) return [];
  if (order.status !== 'pending' && order.status !== 'unknown') return [];
  return [
    {
      kind: 'requestCancellation',
      orderId: deadline.orderId,
      reason: 'PAYMENT_TIMEOUT',
      at: deadline.dueAt,
      commandId: derivedId(deadline.placedEventId, 'payment-timeout'),
      causationId: deadline.placedEventId,
    },
  ];
}
