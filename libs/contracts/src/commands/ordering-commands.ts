import type { CancellationReason, HoldType, ModuleName, OrderIntent, ProductType } from '../events/ordering-events';
import type { CommandContext } from './command-context';

/** Message patterns of the ordering service (gateway and process manager → ordering). */
export const orderingPatterns = {
  place: 'ordering.place',
  addLine: 'ordering.add-line',
  changeLineQuantity: 'ordering.change-line-quantity',
  removeLine: 'ordering.remove-line',
  recordPayment: 'ordering.record-payment',
  requestCancellation: 'ordering.request-cancellation',
  placeHold: 'ordering.place-hold',
  releaseHold: 'ordering.release-hold',
  recordModuleState: 'ordering.record-module-state',
} as const;

export interface NewOrderLine {
  sku: string;
  productType: ProductType;
  quantity: number;
  unitPrice: number;
  description?: string;
}

interface OrderCommandBase {
  orderId: string;
  /** From `If-Match`: the order version the client last saw; a stale one → CONCURRENCY_CONFLICT. */
  expectedVersion?: number;
  context: CommandContext;
}

export interface PlaceOrderCommand {
  customerId: string;
  currency: string;
  lines: NewOrderLine[];
  intent?: OrderIntent;
  context: CommandContext;
}
export interface AddLineCommand extends OrderCommandBase {
  line: NewOrderLine;
}
export interface ChangeLineQuantityCommand extends OrderCommandBase {
  lineId: string;
  quantity: number;
}
export interface RemoveLineCommand extends OrderCommandBase {
  lineId: string;
}
export interface RecordPaymentCommand extends OrderCommandBase {
  paymentId: string;
  amount: number;
  currency: string;
}
export interface RequestCancellationCommand extends OrderCommandBase {
  reason: CancellationReason;
  note?: string;
}
export interface PlaceHoldCommand extends OrderCommandBase {
  type: HoldType;
  reason: string;
}
export interface ReleaseHoldCommand extends OrderCommandBase {
  holdId: string;
  reason: string;
}
export interface RecordModuleStateCommand extends OrderCommandBase {
  module: ModuleName;
  state: string;
  sourceEventId: string;
}

/** Reply of every order command: the order as the command left it. */
export interface OrderCommandReply<View = unknown> {
  order: View;
  /** True when `place` found an existing order for the same intent (HTTP 200 instead of 201). */
  existing?: boolean;
  /** The hold created by `placeHold`. */
  holdId?: string;
}
