import { DomainError, moduleNames, type ModuleName } from '@oms/contracts';
import { isPlaced, type Order, type PlacedOrder } from './order';

/** What a decision needs from outside the order: deciders read no clock and no settings. */
export interface DecisionContext {
  /** ISO 8601 UTC time of the decision; every event it emits carries it. */
  now: string;
  /** MODULES_REQUIRED_FOR_COMPLETION; every module when absent. */
  requiredModules?: readonly ModuleName[];
}

export const defaultRequiredModules: readonly ModuleName[] = moduleNames;

export function requiredModulesOf(context: DecisionContext): readonly ModuleName[] {
  return context.requiredModules ?? defaultRequiredModules;
}

/** Every command but `place` needs an order that exists. */
export function placedOrder(order: Order): PlacedOrder {
  if (!isPlaced(order)) throw new DomainError('ORDER_NOT_FOUND', 'no such order');
  return order;
}
