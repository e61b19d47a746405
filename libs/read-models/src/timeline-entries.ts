import type { EventDataMap, RecordedEvent } from '@oms/contracts';

export type TimelineModule = 'order' | 'finance' | 'logistics' | 'travel';
export type TimelineCategory = 'status' | 'payment' | 'hold';
export type TimelineSeverity = 'info' | 'warning' | 'error';

/** What one event adds to an order's status history. */
export interface TimelineFact {
  module: TimelineModule;
  /** `module:status`, e.g. `order:confirmed`, `finance:invoice_issued`. */
  statusCode: string;
  category: TimelineCategory;
  severity: TimelineSeverity;
  payload: Record<string, unknown>;
  /**
   * `replaces`: a new state of its module, which closes the module's open state entry.
   * `opens-hold`: stays open until its hold is released. `releases-hold`: closes the hold
   * entry with this id and is itself a moment, closed at once.
   */
  effect: { kind: 'replaces' } | { kind: 'opens-hold' } | { kind: 'releases-hold'; holdId: string };
}

type Data<T extends keyof EventDataMap> = EventDataMap[T];
type Mapper<T extends keyof EventDataMap> = (data: Data<T>) => TimelineFact;

const state = (
  module: TimelineModule,
  status: string,
  payload: Record<string, unknown>,
  severity: TimelineSeverity = 'info',
  category: TimelineCategory = 'status',
): TimelineFact => ({ module, statusCode: `${module}:${status}`, category, severity, payload, effect: { kind: 'replaces' } });

/**
 * Status changes only: line edits are not a status, and OrderModuleStateRecorded is the order's
 * own copy of a module event already on the timeline.
 */
const mappers: { [T in keyof EventDataMap]?: Mapper<T> } = {
  OrderPlaced: (d) => state('order', 'pending', { orderNumber: d.orderNumber, customerId: d.customerId, currency: d.currency }),
  OrderConfirmed: (d) => state('order', 'confirmed', { paymentId: d.paymentId, amount: d.amount, currency: d.currency }),
  OrderFulfillmentStarted: () => state('order', 'fulfilling', {}),
  OrderCompleted: () => state('order', 'completed', {}),
  OrderCancelled: (d) =>
    state('order', 'cancelled', { reason: d.reason, note: d.note ?? null, previousStatus: d.previousStatus, requestedAt: d.requestedAt }, 'warning'),
  OrderHoldPlaced: (d) => ({
    module: 'order',
    statusCode: 'order:on_hold',
    category: 'hold',
    severity: 'warning',
    payload: { holdId: d.holdId, type: d.type, reason: d.reason },
    effect: { kind: 'opens-hold' },
  }),
  OrderHoldReleased: (d) => ({
    module: 'order',
    statusCode: 'order:hold_released',
    category: 'hold',
    severity: 'info',
    payload: { holdId: d.holdId, reason: d.reason },
    effect: { kind: 'releases-hold', holdId: d.holdId },
  }),
  InvoiceIssued: (d) => state('finance', 'invoice_issued', { invoiceId: d.invoiceId, amount: d.amount, currency: d.currency }),
  InvoicePaid: (d) => state('finance', 'paid', { invoiceId: d.invoiceId, paymentId: d.paymentId, amount: d.amount, currency: d.currency }, 'info', 'payment'),
  InvoiceRefunded: (d) =>
    state('finance', 'refunded', { invoiceId: d.invoiceId, amount: d.amount, currency: d.currency, reason: d.reason }, 'warning', 'payment'),
  ShipmentCreated: (d) => state('logistics', 'waiting', { shipmentId: d.shipmentId, lines: d.lines }),
  ShipmentPicked: (d) => state('logistics', 'picked', { shipmentId: d.shipmentId }),
  ShipmentPacked: (d) => state('logistics', 'packed', { shipmentId: d.shipmentId }),
  ShipmentShipped: (d) => state('logistics', 'shipped', { shipmentId: d.shipmentId }),
  ShipmentDelivered: (d) => state('logistics', 'delivered', { shipmentId: d.shipmentId }),
  ShipmentReturned: (d) => state('logistics', 'returned', { shipmentId: d.shipmentId }, 'warning'),
  ShipmentCancelled: (d) => state('logistics', 'cancelled', { shipmentId: d.shipmentId, reason: d.reason }, 'warning'),
  BookingReserved: (d) => state('travel', 'reserved', { bookingId: d.bookingId, lines: d.lines }),
  BookingConfirmed: (d) => state('travel', 'confirmed', { bookingId: d.bookingId }),
  BookingTravelled: (d) => state('travel', 'travelled', { bookingId: d.bookingId }),
  BookingCancelled: (d) => state('travel', 'cancelled', { bookingId: d.bookingId, reason: d.reason }, 'warning'),
  // The supplier's veto; the booking's row reads `cancelled`, the history says why.
  BookingFailed: (d) => state('travel', 'failed', { bookingId: d.bookingId, reason: d.reason }, 'error'),
};

/** The timeline entry an event makes, or undefined when it is no status change. */
export function timelineFactOf(event: RecordedEvent): TimelineFact | undefined {
  const mapper = mappers[event.type as keyof EventDataMap] as Mapper<keyof EventDataMap> | undefined;
  return mapper ? mapper(event.data as Data<keyof EventDataMap>) : undefined;
}
