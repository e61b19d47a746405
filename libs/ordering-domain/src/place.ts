import { DomainError, type OrderIntent } from '@oms/contracts';
import { isIsoCurrency } from './currencies';
import type { DecisionContext } from './decision-context';
import { orderTotals } from './money';
import { isPlaced, type Order, type OrderEvent } from './order';
import { isOrderNumber } from './order-number';
import { lineLimits, lineProblems, toOrderLine, type LineInput } from './order-line';
import { FieldProblems, isRecord, textProblem } from './validation';

/** Ids (order, lines) and the order number are chosen by the caller; the decider only checks them. */
export interface PlaceOrder {
  orderId: string;
  orderNumber: string;
  customerId: string;
  currency: string;
  /** May be empty: lines can be added while the order is pending. */
  lines: LineInput[];
  intent?: OrderIntent;
}

const idLength = 100;
const intentFieldLength = 200;

export function place(order: Order, command: PlaceOrder, context: DecisionContext): OrderEvent[] {
  if (isPlaced(order)) throw new DomainError('INVALID_TRANSITION', `order ${order.id} has already been placed`);
  validate(command);
  const lines = command.lines.map(toOrderLine);
  orderTotals(lines); // an order whose total cannot be represented is refused here, not at payment
  const { orderId, orderNumber, customerId, currency, intent } = command;
  return [
    {
      type: 'OrderPlaced',
      data: {
        orderId,
        orderNumber,
        customerId,
        currency,
        lines,
        ...(intent ? { intent: { sourceSystem: intent.sourceSystem, orderIntentId: intent.orderIntentId } } : {}),
        placedAt: context.now,
      },
    },
  ];
}

function validate(command: unknown): asserts command is PlaceOrder {
  if (!isRecord(command)) throw new DomainError('VALIDATION_FAILED', 'an order to place must be an object', [{ field: '', message: 'must be an object' }]);
  const problems = new FieldProblems()
    .check('orderId', textProblem(command['orderId'], idLength))
    .check('orderNumber', isOrderNumber(command['orderNumber']) ? undefined : 'must look like ORD-YYYY-NNNNNN')
    .check('customerId', textProblem(command['customerId'], idLength))
    .check('currency', isIsoCurrency(command['currency']) ? undefined : 'must be an ISO 4217 currency code such as EUR');
  const { lines, intent } = command;
  if (!Array.isArray(lines)) {
    problems.check('lines', 'must be a list (it may be empty)');
  } else if (lines.length > lineLimits.maxLines) {
    problems.check('lines', `must hold at most ${lineLimits.maxLines} lines`);
  } else {
    lines.forEach((line, index) => problems.addAll(lineProblems(line, `lines[${index}].`)));
    const seen = new Set<string>();
    lines.forEach((line, index) => {
      const lineId = isRecord(line) ? line['lineId'] : undefined;
      if (typeof lineId !== 'string') return;
      if (seen.has(lineId)) problems.check(`lines[${index}].lineId`, 'repeats the id of an earlier line');
      seen.add(lineId);
    });
  }
  if (intent !== undefined) {
    if (!isRecord(intent)) problems.check('intent', 'must be an object');
    else
      problems
        .check('intent.sourceSystem', textProblem(intent['sourceSystem'], intentFieldLength))
        .check('intent.orderIntentId', textProblem(intent['orderIntentId'], intentFieldLength));
  }
  problems.throwIfAny('the order cannot be placed');
}
