import { cancellationReasons, DomainError, type CancellationReason } from '@oms/contracts';
import { placedOrder, type DecisionContext } from './decision-context';
import type { Order, OrderEvent } from './order';
import { FieldProblems, isRecord, oneOfProblem, optionalTextProblem } from './validation';

/**
 * Clients send the five client reasons; the platform itself sends BOOKING_FAILED (a travel
 * supplier said no) and PAYMENT_TIMEOUT (no payment in time). Who may send which is the
 * caller's check: the decider accepts all seven.
 */
export interface RequestCancellation {
  reason: CancellationReason;
  note?: string;
}

const noteLength = 1_000;

/** Once a parcel has left the warehouse there is nothing left to cancel. */
const shippedStates: readonly string[] = ['shipped', 'delivered', 'returned'];

export function requestCancellation(order: Order, command: RequestCancellation, context: DecisionContext): OrderEvent[] {
  const input: unknown = command;
  const fields = isRecord(input) ? input : {};
  new FieldProblems()
    .check('reason', oneOfProblem(fields['reason'], cancellationReasons))
    .check('note', optionalTextProblem(fields['note'], noteLength))
    .throwIfAny('the order cannot be cancelled');
  const placed = placedOrder(order);
  const { reason, note } = command;
  // The timeout and the payment race; if the payment got there first, it won.
  if (reason === 'PAYMENT_TIMEOUT' && placed.status !== 'pending') return [];
  if (placed.status === 'completed' || placed.status === 'cancelled') {
    throw new DomainError('CANCELLATION_NOT_ALLOWED', `a ${placed.status} order cannot be cancelled`);
  }
  if (shippedStates.includes(placed.modules.logistics?.state ?? '')) {
    throw new DomainError('CANCELLATION_NOT_ALLOWED', 'the shipment has already left');
  }
  return [
    {
      type: 'OrderCancelled',
      data: {
        orderId: placed.id,
        reason,
        ...(note !== undefined ? { note } : {}),
        previousStatus: placed.status,
        requestedAt: context.now,
        cancelledAt: context.now,
      },
    },
  ];
}
