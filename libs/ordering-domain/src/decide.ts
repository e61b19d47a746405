import { DomainError } from '@oms/contracts';
import { requestCancellation, type RequestCancellation } from './cancel';
import type { DecisionContext } from './decision-context';
import { placeHold, releaseHold, type PlaceHold, type ReleaseHold } from './holds';
import { addLine, changeLineQuantity, removeLine, type AddOrderLine, type ChangeOrderLineQuantity, type RemoveOrderLine } from './lines';
import { recordModuleState, type RecordModuleState } from './module-state';
import { evolve, initialOrder, type Order, type OrderEvent } from './order';
import { recordPayment, type RecordPayment } from './payment';
import { place, type PlaceOrder } from './place';
import { isRecord } from './validation';

/** Every command the order accepts, by name. Each has a named function of the same meaning. */
export interface OrderCommandDataMap {
  PlaceOrder: PlaceOrder;
  AddOrderLine: AddOrderLine;
  ChangeOrderLineQuantity: ChangeOrderLineQuantity;
  RemoveOrderLine: RemoveOrderLine;
  RecordPayment: RecordPayment;
  PlaceHold: PlaceHold;
  ReleaseHold: ReleaseHold;
  RequestCancellation: RequestCancellation;
  RecordModuleState: RecordModuleState;
}
export type OrderCommandType = keyof OrderCommandDataMap;
/** Shaped like an event, `{ type, data }`, so a command can travel as a message. */
export type OrderCommand<T extends OrderCommandType = OrderCommandType> = { [K in T]: { type: K; data: OrderCommandDataMap[K] } }[T];

/**
 * The order's decision: the events a command causes, or a DomainError naming why not. An empty
 * list means the command was already carried out (a repeat) and nothing changes. Pure: the
 * time and every new id come in with the command or the context.
 */
export function decide(order: Order, command: OrderCommand, context: DecisionContext): OrderEvent[] {
  if (!isRecord(command) || !isRecord(command.data)) throw new DomainError('VALIDATION_FAILED', 'a command is { type, data }', [{ field: 'data', message: 'must be an object' }]);
  switch (command.type) {
    case 'PlaceOrder':
      return place(order, command.data, context);
    case 'AddOrderLine':
      return addLine(order, command.data, context);
    case 'ChangeOrderLineQuantity':
      return changeLineQuantity(order, command.data, context);
    case 'RemoveOrderLine':
      return removeLine(order, command.data, context);
    case 'RecordPayment':
      return recordPayment(order, command.data, context);
    case 'PlaceHold':
      return placeHold(order, command.data, context);
    case 'ReleaseHold':
      return releaseHold(order, command.data, context);
    case 'RequestCancellation':
      return requestCancellation(order, command.data, context);
    case 'RecordModuleState':
      return recordModuleState(order, command.data, context);
    default: {
      const unknown: { type?: unknown } = command;
      throw new DomainError('VALIDATION_FAILED', `unknown order command ${String(unknown.type)}`, [{ field: 'type', message: 'is not an order command' }]);
    }
  }
}

/** decide, evolve and the initial state together, for a command handler's load → decide → append. */
export const orderDecider = { decide, evolve, initialState: initialOrder } as const;
