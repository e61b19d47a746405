import { DomainError } from '@oms/contracts';
import { placedOrder, type DecisionContext } from './decision-context';
import { orderTotals } from './money';
import { isOnHold, type Order, type OrderEvent, type PlacedOrder } from './order';
import { lineLimits, lineProblems, quantityProblem, toOrderLine, type LineInput } from './order-line';
import { FieldProblems, isRecord, textProblem } from './validation';

export type AddOrderLine = LineInput;

export interface ChangeOrderLineQuantity {
  lineId: string;
  quantity: number;
}

export interface RemoveOrderLine {
  lineId: string;
}

/** Lines change only while the order is pending and nobody holds it. */
function editable(order: Order): PlacedOrder {
  const placed = placedOrder(order);
  if (placed.status !== 'pending') throw new DomainError('INVALID_TRANSITION', `the lines of a ${placed.status} order cannot change`);
  if (isOnHold(placed)) throw new DomainError('ORDER_ON_HOLD', 'the order is on hold');
  return placed;
}

function existingLine(order: PlacedOrder, lineId: string) {
  const line = order.lines.find((candidate) => candidate.lineId === lineId);
  if (!line) throw new DomainError('LINE_NOT_FOUND', `the order has no line ${lineId}`);
  return line;
}

export function addLine(order: Order, command: AddOrderLine, context: DecisionContext): OrderEvent[] {
  new FieldProblems().addAll(lineProblems(command, '')).throwIfAny('the line cannot be added');
  const pending = editable(order);
  if (pending.lines.some((line) => line.lineId === command.lineId)) {
    throw new DomainError('VALIDATION_FAILED', `the order already has a line ${command.lineId}`, [{ field: 'lineId', message: 'is already used by another line' }]);
  }
  if (pending.lines.length >= lineLimits.maxLines) {
    throw new DomainError('VALIDATION_FAILED', `an order holds at most ${lineLimits.maxLines} lines`, [{ field: 'lines', message: `must hold at most ${lineLimits.maxLines} lines` }]);
  }
  const line = toOrderLine(command);
  orderTotals([...pending.lines, line]);
  return [{ type: 'OrderLineAdded', data: { orderId: pending.id, line, at: context.now } }];
}

export function changeLineQuantity(order: Order, command: ChangeOrderLineQuantity, context: DecisionContext): OrderEvent[] {
  const input: unknown = command;
  new FieldProblems()
    .check('lineId', isRecord(input) ? textProblem(input['lineId'], lineLimits.lineIdLength) : 'is required')
    .check('quantity', isRecord(input) ? quantityProblem(input['quantity']) : 'is required')
    .throwIfAny('the quantity cannot change');
  const pending = editable(order);
  const line = existingLine(pending, command.lineId);
  if (line.quantity === command.quantity) return [];
  orderTotals(pending.lines.map((candidate) => (candidate === line ? { ...line, quantity: command.quantity } : candidate)));
  return [{ type: 'OrderLineQuantityChanged', data: { orderId: pending.id, lineId: line.lineId, quantity: command.quantity, at: context.now } }];
}

export function removeLine(order: Order, command: RemoveOrderLine, context: DecisionContext): OrderEvent[] {
  const input: unknown = command;
  new FieldProblems().check('lineId', isRecord(input) ? textProblem(input['lineId'], lineLimits.lineIdLength) : 'is required').throwIfAny('the line cannot be removed');
  const pending = editable(order);
  const line = existingLine(pending, command.lineId);
  return [{ type: 'OrderLineRemoved', data: { orderId: pending.id, lineId: line.lineId, at: context.now } }];
}
