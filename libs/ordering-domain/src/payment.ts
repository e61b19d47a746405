import { DomainError } from '@oms/contracts';
import { isIsoCurrency } from './currencies';
import { placedOrder, type DecisionContext } from './decision-context';
import { orderTotals } from './money';
import { isOnHold, type Order, type OrderEvent } from './order';
import { FieldProblems, isRecord, textProblem } from './validation';

/** The payment provider's callback: the money has been taken. */
export interface RecordPayment {
  paymentId: string;
  /** Minor units. */
  amount: number;
  currency: string;
}

export function recordPayment(order: Order, command: RecordPayment, context: DecisionContext): OrderEvent[] {
  validate(command);
  const placed = placedOrder(order);
  // Providers call back more than once; the payment that confirmed the order changes nothing again.
  if (placed.payment?.paymentId === command.paymentId) return [];
  if (placed.status !== 'pending') throw new DomainError('INVALID_TRANSITION', `a ${placed.status} order takes no payment`);
  if (isOnHold(placed)) throw new DomainError('ORDER_ON_HOLD', 'the order is on hold');
  if (placed.lines.length === 0) throw new DomainError('ORDER_EMPTY', 'an order without lines cannot be paid');
  const totals = orderTotals(placed.lines);
  if (command.currency !== placed.currency || command.amount !== totals.total) {
    throw new DomainError('PAYMENT_MISMATCH', `the order costs ${totals.total} ${placed.currency}, the payment was ${command.amount} ${command.currency}`);
  }
  return [
    {
      type: 'OrderConfirmed',
      data: {
        orderId: placed.id,
        orderNumber: placed.orderNumber,
        customerId: placed.customerId,
        paymentId: command.paymentId,
        amount: command.amount,
        currency: command.currency,
        lines: placed.lines,
        totals,
        confirmedAt: context.now,
      },
    },
  ];
}

function validate(command: unknown): asserts command is RecordPayment {
  const input = isRecord(command) ? command : {};
  const amount = input['amount'];
  new FieldProblems()
    .check('paymentId', textProblem(input['paymentId'], 200))
    .check('amount', typeof amount === 'number' && Number.isSafeInteger(amount) && amount >= 0 ? undefined : 'must be a whole, non-negative number of minor units')
    .check('currency', isIsoCurrency(input['currency']) ? undefined : 'must be an ISO 4217 currency code such as EUR')
    .throwIfAny('the payment cannot be recorded');
}
