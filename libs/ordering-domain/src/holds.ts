import { DomainError, holdTypes, type HoldType } from '@oms/contracts';
import { placedOrder, type DecisionContext } from './decision-context';
import type { Order, OrderEvent } from './order';
import { thenProgress } from './progress';
import { FieldProblems, isRecord, oneOfProblem, textProblem } from './validation';

export interface PlaceHold {
  /** Chosen by the caller. */
  holdId: string;
  type: HoldType;
  reason: string;
}

export interface ReleaseHold {
  holdId: string;
  reason: string;
}

const reasonLength = 500;
const holdIdLength = 100;

export function placeHold(order: Order, command: PlaceHold, context: DecisionContext): OrderEvent[] {
  const input: unknown = command;
  const fields = isRecord(input) ? input : {};
  new FieldProblems()
    .check('holdId', textProblem(fields['holdId'], holdIdLength))
    .check('type', oneOfProblem(fields['type'], holdTypes))
    .check('reason', textProblem(fields['reason'], reasonLength))
    .throwIfAny('the hold cannot be placed');
  const placed = placedOrder(order);
  const { holdId, type, reason } = command;
  const active = placed.holds.find((hold) => hold.holdId === holdId);
  // The same hold delivered twice is one hold; a different hold under a used id is a caller's bug.
  if (active && active.type === type && active.reason === reason) return [];
  if (active || placed.releasedHoldIds.includes(holdId)) {
    throw new DomainError('VALIDATION_FAILED', `hold id ${holdId} is already used`, [{ field: 'holdId', message: 'is already used by another hold' }]);
  }
  if (placed.status === 'completed' || placed.status === 'cancelled') {
    throw new DomainError('INVALID_TRANSITION', `a ${placed.status} order cannot be held`);
  }
  return [{ type: 'OrderHoldPlaced', data: { orderId: placed.id, holdId, type, reason, placedAt: context.now } }];
}

/** Releasing the last hold lets the order take the automatic steps it was held back from. */
export function releaseHold(order: Order, command: ReleaseHold, context: DecisionContext): OrderEvent[] {
  const input: unknown = command;
  const fields = isRecord(input) ? input : {};
  new FieldProblems()
    .check('holdId', textProblem(fields['holdId'], holdIdLength))
    .check('reason', textProblem(fields['reason'], reasonLength))
    .throwIfAny('the hold cannot be released');
  const placed = placedOrder(order);
  const { holdId, reason } = command;
  if (!placed.holds.some((hold) => hold.holdId === holdId)) throw new DomainError('HOLD_NOT_FOUND', `the order has no active hold ${holdId}`);
  return thenProgress(placed, [{ type: 'OrderHoldReleased', data: { orderId: placed.id, holdId, reason, releasedAt: context.now } }], context);
}
