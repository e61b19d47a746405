import type {
  CancellationReason,
  DomainEvent,
  HoldType,
  ModuleName,
  OrderIntent,
  OrderLine,
  OrderStatus,
  OrderingEventDataMap,
} from '@oms/contracts';

export type OrderEventType = keyof OrderingEventDataMap;
export type OrderEvent = DomainEvent<OrderEventType>;

export interface ActiveHold {
  holdId: string;
  type: HoldType;
  reason: string;
  placedAt: string;
}

export interface Cancellation {
  reason: CancellationReason;
  note?: string;
  previousStatus: OrderStatus;
  requestedAt: string;
  cancelledAt: string;
}

/** The payment that confirmed the order. */
export interface Payment {
  paymentId: string;
  amount: number;
  currency: string;
  confirmedAt: string;
}

/** A module's sub-state as the order learnt it, and when. */
export interface KnownModuleState {
  state: string;
  updatedAt: string;
}

export interface Order {
  id: string;
  orderNumber: string;
  customerId: string;
  currency: string;
  /** null until the order is placed: the stream is empty. */
  status: OrderStatus | null;
  /** After confirmation these are the confirmed lines; they cannot change any more. */
  lines: OrderLine[];
  holds: ActiveHold[];
  /** Holds once placed and since released; a hold id is never reused. */
  releasedHoldIds: string[];
  cancellation?: Cancellation;
  payment?: Payment;
  modules: Partial<Record<ModuleName, KnownModuleState>>;
  /** Module events already recorded: the process manager delivers at least once. */
  recordedModuleEventIds: string[];
  intent?: OrderIntent;
  createdAt: string;
  updatedAt: string;
}

/** An order whose stream has begun. */
export type PlacedOrder = Order & { status: OrderStatus };

export function initialOrder(): Order {
  return {
    id: '',
    orderNumber: '',
    customerId: '',
    currency: '',
    status: null,
    lines: [],
    holds: [],
    releasedHoldIds: [],
    modules: {},
    recordedModuleEventIds: [],
    createdAt: '',
    updatedAt: '',
  };
}

export function isPlaced(order: Order): order is PlacedOrder {
  return order.status !== null;
}

export function isOnHold(order: Order): boolean {
  return order.holds.length > 0;
}

export function evolve(order: Order, event: OrderEvent): Order {
  switch (event.type) {
    case 'OrderPlaced': {
      const { orderId, orderNumber, customerId, currency, lines, intent, placedAt } = event.data;
      return {
        ...initialOrder(),
        id: orderId,
        orderNumber,
        customerId,
        currency,
        status: 'pending',
        lines: [...lines],
        ...(intent ? { intent } : {}),
        createdAt: placedAt,
        updatedAt: placedAt,
      };
    }
    case 'OrderLineAdded':
      return { ...order, lines: [...order.lines, event.data.line], updatedAt: event.data.at };
    case 'OrderLineQuantityChanged': {
      const { lineId, quantity, at } = event.data;
      return { ...order, lines: order.lines.map((line) => (line.lineId === lineId ? { ...line, quantity } : line)), updatedAt: at };
    }
    case 'OrderLineRemoved':
      return { ...order, lines: order.lines.filter((line) => line.lineId !== event.data.lineId), updatedAt: event.data.at };
    case 'OrderConfirmed': {
      const { paymentId, amount, currency, lines, confirmedAt } = event.data;
      return { ...order, status: 'confirmed', lines: [...lines], payment: { paymentId, amount, currency, confirmedAt }, updatedAt: confirmedAt };
    }
    case 'OrderFulfillmentStarted':
      return { ...order, status: 'fulfilling', updatedAt: event.data.at };
    case 'OrderCompleted':
      return { ...order, status: 'completed', updatedAt: event.data.at };
    case 'OrderCancelled': {
      const { reason, note, previousStatus, requestedAt, cancelledAt } = event.data;
      return {
        ...order,
        status: 'cancelled',
        cancellation: { reason, ...(note !== undefined ? { note } : {}), previousStatus, requestedAt, cancelledAt },
        updatedAt: cancelledAt,
      };
    }
    case 'OrderHoldPlaced': {
      const { holdId, type, reason, placedAt } = event.data;
      return { ...order, holds: [...order.holds, { holdId, type, reason, placedAt }], updatedAt: placedAt };
    }
    case 'OrderHoldReleased': {
      const { holdId, releasedAt } = event.data;
      return {
        ...order,
        holds: order.holds.filter((hold) => hold.holdId !== holdId),
        releasedHoldIds: [...order.releasedHoldIds, holdId],
        updatedAt: releasedAt,
      };
    }
    case 'OrderModuleStateRecorded': {
      const { module, state, sourceEventId, at } = event.data;
      return {
        ...order,
        modules: { ...order.modules, [module]: { state, updatedAt: at } },
        recordedModuleEventIds: [...order.recordedModuleEventIds, sourceEventId],
        updatedAt: at,
      };
    }
    default:
      // An event type added after this code was written changes nothing it knows about.
      return order;
  }
}
