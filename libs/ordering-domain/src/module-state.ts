import { bookingStates, invoiceStates, moduleNames, shipmentStates, type ModuleName } from '@oms/contracts';
import { placedOrder, type DecisionContext } from './decision-context';
import type { Order, OrderEvent } from './order';
import { thenProgress } from './progress';
import { FieldProblems, isRecord, oneOfProblem, textProblem } from './validation';

/** The process manager tells the order what one of its modules has reached. */
export interface RecordModuleState {
  module: ModuleName;
  state: string;
  /** The module event this was learnt from: the dedupe key. */
  sourceEventId: string;
}

const statesOf: Record<ModuleName, readonly string[]> = { finance: invoiceStates, logistics: shipmentStates, travel: bookingStates };

/**
 * Records the fact (also on a finished order, for the audit) and, on a live order that is
 * not held, takes the automatic steps it makes due: fulfilment once finance has issued the
 * invoice, completion once every expected, required module is done.
 */
export function recordModuleState(order: Order, command: RecordModuleState, context: DecisionContext): OrderEvent[] {
  validate(command);
  const placed = placedOrder(order);
  const { module, state, sourceEventId } = command;
  if (placed.recordedModuleEventIds.includes(sourceEventId)) return [];
  const recorded: OrderEvent = { type: 'OrderModuleStateRecorded', data: { orderId: placed.id, module, state, sourceEventId, at: context.now } };
  return thenProgress(placed, [recorded], context);
}

function validate(command: unknown): asserts command is RecordModuleState {
  const fields = isRecord(command) ? command : {};
  const module = fields['module'];
  const knownModule = oneOfProblem(module, moduleNames) === undefined ? (module as ModuleName) : undefined;
  new FieldProblems()
    .check('module', knownModule ? undefined : oneOfProblem(module, moduleNames))
    .check('state', knownModule ? oneOfProblem(fields['state'], statesOf[knownModule]) : undefined)
    .check('sourceEventId', textProblem(fields['sourceEventId'], 100))
    .throwIfAny('the module state cannot be recorded');
}
