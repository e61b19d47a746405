import {
  moduleOfEventType,
  type CancellationReason,
  type HoldType,
  type ModuleName,
  type OrderLine,
  type OrderStatus,
  type OrderTotals,
  type OrderingEventDataMap,
  type RecordedEvent,
} from '@oms/contracts';
import { eventTime, isoTime } from './event-time';

export interface OrderViewLine extends OrderLine {
  subtotal: number;
}

export interface ModuleView {
  state: string;
  updatedAt: string;
}

export interface HoldView {
  holdId: string;
  type: HoldType;
  reason: string;
  placedAt: string;
}

export interface CancellationView {
  reason: CancellationReason;
  note: string | null;
  requestedAt: string;
  cancelledAt: string;
}

/** CONTRACT §2 order view. */
export interface OrderView {
  id: string;
  orderNumber: string;
  customerId: string;
  currency: string;
  status: OrderStatus;
  lines: OrderViewLine[];
  totals: OrderTotals;
  /** A key only once that module keeps a row for the order (after its first event). */
  modules: Partial<Record<ModuleName, ModuleView>>;
  /** Active holds only. */
  holds: HoldView[];
  cancellation?: CancellationView;
  createdAt: string;
  updatedAt: string;
  /** Revision of the order stream's last event: what `If-Match` expects. */
  version: number;
}

/** The view plus what the projection needs to apply each event once. */
export interface OrderRecord {
  view: OrderView;
  /** Revision of each module stream last applied. */
  moduleRevisions: Partial<Record<ModuleName, number>>;
  /** Global position of the last event applied. */
  position: bigint;
}

/** Each module event and the state its module row is in after it. */
export const moduleStateOfEvent: Record<string, readonly [ModuleName, string]> = {
  InvoiceIssued: ['finance', 'issued'],
  InvoicePaid: ['finance', 'paid'],
  InvoiceRefunded: ['finance', 'refunded'],
  ShipmentCreated: ['logistics', 'waiting'],
  ShipmentPicked: ['logistics', 'picked'],
  ShipmentPacked: ['logistics', 'packed'],
  ShipmentShipped: ['logistics', 'shipped'],
  ShipmentDelivered: ['logistics', 'delivered'],
  ShipmentReturned: ['logistics', 'returned'],
  ShipmentCancelled: ['logistics', 'cancelled'],
  BookingReserved: ['travel', 'reserved'],
  BookingConfirmed: ['travel', 'confirmed'],
  BookingTravelled: ['travel', 'travelled'],
  BookingCancelled: ['travel', 'cancelled'],
  // The contract's booking states have no `failed`: a booking the supplier rejected is cancelled.
  BookingFailed: ['travel', 'cancelled'],
};

/** Whether the event can change an order view at all. */
export function changesOrderView(type: string): boolean {
  return moduleOfEventType(type) === 'ordering' || type in moduleStateOfEvent;
}

export function viewLine(line: OrderLine): OrderViewLine {
  const { lineId, sku, productType, description, quantity, unitPrice } = line;
  return { lineId, sku, productType, description: description ?? '', quantity, unitPrice, subtotal: quantity * unitPrice };
}

/** subtotal = Σ quantity × unitPrice; no tax or discount exists yet. Integers only. */
export function totalsOf(lines: readonly OrderViewLine[]): OrderTotals {
  const subtotal = lines.reduce((sum, line) => sum + line.subtotal, 0);
  const tax = 0;
  const discount = 0;
  return { subtotal, tax, discount, total: subtotal + tax - discount };
}

function withLines(view: OrderView, lines: OrderViewLine[]): OrderView {
  return { ...view, lines, totals: totalsOf(lines) };
}

type OrderingEvent = { [K in keyof OrderingEventDataMap]: { type: K; data: OrderingEventDataMap[K] } }[keyof OrderingEventDataMap];

function placed(event: RecordedEvent<'OrderPlaced', OrderingEventDataMap['OrderPlaced']>): OrderRecord {
  const { orderId, orderNumber, customerId, currency, lines, placedAt } = event.data;
  const createdAt = isoTime(placedAt) ?? eventTime(event);
  const viewLines = (lines ?? []).map(viewLine);
  return {
    view: {
      id: orderId,
      orderNumber,
      customerId,
      currency,
      status: 'pending',
      lines: viewLines,
      totals: totalsOf(viewLines),
      modules: {},
      holds: [],
      createdAt,
      updatedAt: createdAt,
      version: event.revision,
    },
    moduleRevisions: {},
    position: event.position,
  };
}

function evolveOrderStream(view: OrderView, event: OrderingEvent, at: string): OrderView {
  switch (event.type) {
    case 'OrderPlaced':
      return view;
    case 'OrderLineAdded':
      if (view.lines.some((line) => line.lineId === event.data.line.lineId)) return view;
      return withLines(view, [...view.lines, viewLine(event.data.line)]);
    case 'OrderLineQuantityChanged': {
      const { lineId, quantity } = event.data;
      return withLines(
        view,
        view.lines.map((line) => (line.lineId === lineId ? { ...line, quantity, subtotal: quantity * line.unitPrice } : line)),
      );
    }
    case 'OrderLineRemoved':
      return withLines(
        view,
        view.lines.filter((line) => line.lineId !== event.data.lineId),
      );
    case 'OrderConfirmed':
      // The confirmed lines are what was paid for; they cannot change any more.
      return { ...withLines(view, event.data.lines?.length ? event.data.lines.map(viewLine) : view.lines), status: 'confirmed' };
    case 'OrderFulfillmentStarted':
      return { ...view, status: 'fulfilling' };
    case 'OrderCompleted':
      return { ...view, status: 'completed' };
    case 'OrderCancelled': {
      const { reason, note, requestedAt, cancelledAt } = event.data;
      const cancelled = isoTime(cancelledAt) ?? at;
      return {
        ...view,
        status: 'cancelled',
        cancellation: { reason, note: note ?? null, requestedAt: isoTime(requestedAt) ?? cancelled, cancelledAt: cancelled },
      };
    }
    case 'OrderHoldPlaced': {
      const { holdId, type, reason, placedAt } = event.data;
      if (view.holds.some((hold) => hold.holdId === holdId)) return view;
      return { ...view, holds: [...view.holds, { holdId, type, reason, placedAt: isoTime(placedAt) ?? at }] };
    }
    case 'OrderHoldReleased':
      return { ...view, holds: view.holds.filter((hold) => hold.holdId !== event.data.holdId) };
    case 'OrderModuleStateRecorded':
      // The order's own note of a module state; the view shows the modules' rows themselves.
      return view;
    default:
      // A type added after this code was written changes nothing it knows about.
      return view;
  }
}

/**
 * The order view after one more event, or the very same record when the event changes nothing
 * (already applied, unknown, or about an order never placed). Pure, so a rebuild as of any time
 * folds the same function over the order's events.
 *
 * Applying once: order-stream events by revision (the view's `version`), module events by the
 * revision of their own stream, anything by the global position the row was built up to.
 */
export function evolveOrderRecord(record: OrderRecord | undefined, event: RecordedEvent): OrderRecord | undefined {
  if (record === undefined) {
    return event.type === 'OrderPlaced' ? placed(event as RecordedEvent<'OrderPlaced', OrderingEventDataMap['OrderPlaced']>) : undefined;
  }
  if (event.position <= record.position) return record;
  const at = eventTime(event);

  if (moduleOfEventType(event.type) === 'ordering') {
    if (event.revision <= record.view.version) return record;
    const view = evolveOrderStream(record.view, event as unknown as OrderingEvent, at);
    return { ...record, view: { ...view, updatedAt: at, version: event.revision }, position: event.position };
  }

  const moduleState = moduleStateOfEvent[event.type];
  if (!moduleState) return record;
  const [module, state] = moduleState;
  const applied = record.moduleRevisions[module];
  if (applied !== undefined && event.revision <= applied) return record;
  return {
    view: { ...record.view, modules: { ...record.view.modules, [module]: { state, updatedAt: at } }, updatedAt: at },
    moduleRevisions: { ...record.moduleRevisions, [module]: event.revision },
    position: event.position,
  };
}

/** The view of an order from its events in global order (e.g. as it stood at some time). */
export function orderViewFromEvents(events: Iterable<RecordedEvent>): OrderView | undefined {
  let record: OrderRecord | undefined;
  for (const event of events) record = evolveOrderRecord(record, event);
  return record?.view;
}
