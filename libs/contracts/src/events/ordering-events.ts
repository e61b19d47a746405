
export const productTypes = ['physical', 'digital', 'travel'] as const;
export type ProductType = (typeof productTypes)[number];

export const orderStatuses = ['pending', 'confirmed', 'fulfilling', 'completed', 'cancelled'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const cancellationReasons = ['CUSTOMER_REQUEST', 'DUPLICATE_ORDER', 'FRAUD_RISK', 'SALES_ERROR', 'OTHER', 'BOOKING_FAILED', 'PAYMENT_TIMEOUT'] as const;
export type CancellationReason = (typeof cancellationReasons)[number];
/** Reasons a client may give; the others are the platform's own. */
export const clientCancellationReasons = ['CUSTOMER_REQUEST', 'DUPLICATE_ORDER', 'FRAUD_RISK', 'SALES_ERROR', 'OTHER'] as const;

export const holdTypes = ['CREDIT', 'FRAUD', 'MANUAL_REVIEW', 'DOCUMENTS'] as const;
export type HoldType = (typeof holdTypes)[number];

export const moduleNames = ['finance', 'logistics', 'travel'] as const;
export type ModuleName = (typeof moduleNames)[number];

export interface OrderLine {
  lineId: string;
  sku: string;
  productType: ProductType;
  description: string;
  quantity: number;
  /** Minor units of the order's currency. */
  unitPrice: number;
}

export interface OrderTotals {
  subtotal: number;
  tax: number;
  discount: number;
  total: number;
}

export interface OrderIntent {
  sourceSystem: string;
  orderIntentId: string;
}

export interface OrderPlaced {
  orderId: string;
  orderNumber: string;
  customerId: string;
  currency: string;
  lines: OrderLine[];
  intent?: OrderIntent;
  placedAt: string;
}
export interface OrderLineAdded {
  orderId: string;
  line: OrderLine;
  at: string;
}
export interface OrderLineQuantityChanged {
  orderId: string;
  lineId: string;
  quantity: number;
  at: string;
}
export interface OrderLineRemoved {
  orderId: string;
  lineId: string;
  at: string;
}
/** Carries the lines and totals as confirmed, so modules need not read the order stream. */
export interface OrderConfirmed {
  orderId: string;
  orderNumber: string;
  customerId: string;
  paymentId: string;
  amount: number;
  currency: string;
  lines: OrderLine[];
  totals: OrderTotals;
  confirmedAt: string;
}
export interface OrderFulfillmentStarted {
  orderId: string;
  at: string;
}
export interface OrderCompleted {
  orderId: string;
  at: string;
}
export interface OrderCancelled {
  orderId: string;
  reason: CancellationReason;
  note?: string;
  /** The status the order left. */
  previousStatus: OrderStatus;
  requestedAt: string;
  cancelledAt: string;
}
export interface OrderHoldPlaced {
  orderId: string;
  holdId: string;
  type: HoldType;
  reason: string;
  placedAt: string;
}
export interface OrderHoldReleased {
  orderId: string;
  holdId: string;
  reason: string;
  releasedAt: string;
}
/**
 * A module's sub-state as the order learnt it (from the process manager). The order decides
 * its own cut-off (shipped) and completion from these, atomically on its own stream.
 */
export interface OrderModuleStateRecorded {
  orderId: string;
  module: ModuleName;
  state: string;
  /** The module event this was learnt from (dedupe key). */
  sourceEventId: string;
  at: string;
}

export interface OrderingEventDataMap {
  OrderPlaced: OrderPlaced;
  OrderLineAdded: OrderLineAdded;
  OrderLineQuantityChanged: OrderLineQuantityChanged;
  OrderLineRemoved: OrderLineRemoved;
  OrderConfirmed: OrderConfirmed;
  OrderFulfillmentStarted: OrderFulfillmentStarted;
  OrderCompleted: OrderCompleted;
  OrderCancelled: OrderCancelled;
  OrderHoldPlaced: OrderHoldPlaced;
  OrderHoldReleased: OrderHoldReleased;
  OrderModuleStateRecorded: OrderModuleStateRecorded;
}
