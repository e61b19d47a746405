import { derivedId, eventTypesByModule, type DomainEvent, type EventDataMap, type EventType } from '@oms/contracts';
import { deciderSpecification } from '@oms/testing';
import type { Fact } from './fact';
import type { OrderCommand } from './order-command';
import { evolve, unknownProgress, type OrderProgress } from './order-progress';
import { react } from './react';

/**
 * The process manager folds facts and decides commands; given/when/then is over both, so
 * commands pass through the fold untouched.
 */
type Message = Fact | OrderCommand;
const given = deciderSpecification<OrderProgress, Message>((progress, message) => ('kind' in message ? progress : evolve(progress, message)), unknownProgress);

const orderId = 'order-1';
const eventId = 'event-42';
const at = '2026-03-01T10:00:00.000Z';
const issuedAt = '2026-03-01T10:00:01.000Z';
const paidAt = '2026-03-01T10:00:02.000Z';
const refundedAt = '2026-03-01T10:00:03.000Z';
const createdAt = '2026-03-01T10:00:04.000Z';
const reservedAt = '2026-03-01T10:00:05.000Z';

const money = { amount: 1000, currency: 'EUR' };
const line = { lineId: 'line-1', sku: 'SKU-1', productType: 'physical', description: 'a thing', quantity: 1, unitPrice: 1000 } as const;
const ids = { orderId, invoiceId: 'invoice-1', shipmentId: 'shipment-1', bookingId: 'booking-1' };

/** A sample of every published event, each with its own time so the right one is picked. */
const sample: { [T in EventType]: EventDataMap[T] } = {
  OrderPlaced: { orderId, orderNumber: 'ORD-2026-000001', customerId: 'customer-1', currency: 'EUR', lines: [line], placedAt: at },
  OrderLineAdded: { orderId, line, at },
  OrderLineQuantityChanged: { orderId, lineId: 'line-1', quantity: 2, at },
  OrderLineRemoved: { orderId, lineId: 'line-1', at },
  OrderConfirmed: {
    orderId,
    orderNumber: 'ORD-2026-000001',
    customerId: 'customer-1',
    paymentId: 'payment-1',
    ...money,
    lines: [line],
    totals: { subtotal: 1000, tax: 0, discount: 0, total: 1000 },
    confirmedAt: at,
  },
  OrderFulfillmentStarted: { orderId, at },
  OrderCompleted: { orderId, at },
  OrderCancelled: { orderId, reason: 'CUSTOMER_REQUEST', previousStatus: 'confirmed', requestedAt: at, cancelledAt: at },
  OrderHoldPlaced: { orderId, holdId: 'hold-1', type: 'FRAUD', reason: 'check', placedAt: at },
  OrderHoldReleased: { orderId, holdId: 'hold-1', reason: 'fine', releasedAt: at },
  OrderModuleStateRecorded: { orderId, module: 'finance', state: 'issued', sourceEventId: 'event-1', at },
  InvoiceIssued: { orderId, invoiceId: ids.invoiceId, ...money, issuedAt },
  InvoicePaid: { orderId, invoiceId: ids.invoiceId, paymentId: 'payment-1', ...money, paidAt },
  InvoiceRefunded: { orderId, invoiceId: ids.invoiceId, ...money, reason: 'CUSTOMER_REQUEST', refundedAt },
  ShipmentCreated: { orderId, shipmentId: ids.shipmentId, lines: [{ lineId: 'line-1', sku: 'SKU-1', quantity: 1 }], createdAt },
  ShipmentPicked: { orderId, shipmentId: ids.shipmentId, at },
  ShipmentPacked: { orderId, shipmentId: ids.shipmentId, at },
  ShipmentShipped: { orderId, shipmentId: ids.shipmentId, at },
  ShipmentDelivered: { orderId, shipmentId: ids.shipmentId, at },
  ShipmentReturned: { orderId, shipmentId: ids.shipmentId, at },
  ShipmentCancelled: { orderId, shipmentId: ids.shipmentId, reason: 'CUSTOMER_REQUEST', at },
  BookingReserved: { orderId, bookingId: ids.bookingId, lines: [{ lineId: 'line-1', sku: 'SKU-1', quantity: 1, description: 'a trip' }], reservedAt },
  BookingConfirmed: { orderId, bookingId: ids.bookingId, at },
  BookingTravelled: { orderId, bookingId: ids.bookingId, at },
  BookingCancelled: { orderId, bookingId: ids.bookingId, reason: 'CUSTOMER_REQUEST', at },
  BookingFailed: { orderId, bookingId: ids.bookingId, reason: 'no seats left', at },
  NotificationSent: { orderId, notificationId: 'notification-1', kind: 'order_confirmed', channel: 'log', recipient: 'customer-1', subject: 'Thanks', body: 'Thanks', sentAt: at },
};

const factOf = <T extends EventType>(type: T, id = eventId): Fact => ({ type, data: sample[type], eventId: id, orderId }) as Fact;

const recorded = (module: string, state: string, when: string, id = eventId) =>
  ({
    kind: 'recordModuleState',
    orderId,
    module,
    state,
    sourceEventId: id,
    at: when,
    commandId: derivedId(id, 'record-module-state'),
    causationId: id,
  }) as OrderCommand;

describe('the process manager tells the order what each module fact means', () => {
  const table: [EventType, string, string, string][] = [
    ['InvoiceIssued', 'finance', 'issued', issuedAt],
    ['InvoicePaid', 'finance', 'paid', paidAt],
    ['InvoiceRefunded', 'finance', 'refunded', refundedAt],
    ['ShipmentCreated', 'logistics', 'waiting', createdAt],
    ['ShipmentPicked', 'logistics', 'picked', at],
    ['ShipmentPacked', 'logistics', 'packed', at],
    ['ShipmentShipped', 'logistics', 'shipped', at],
    ['ShipmentDelivered', 'logistics', 'delivered', at],
    ['ShipmentReturned', 'logistics', 'returned', at],
    ['ShipmentCancelled', 'logistics', 'cancelled', at],
    ['BookingReserved', 'travel', 'reserved', reservedAt],
    ['BookingConfirmed', 'travel', 'confirmed', at],
    ['BookingTravelled', 'travel', 'travelled', at],
    ['BookingCancelled', 'travel', 'cancelled', at],
  ];

  it('covers every module event but the booking failure, which has its own rule', () =>
    expect(table.map(([type]) => type).sort()).toEqual(
      [...eventTypesByModule.finance, ...eventTypesByModule.logistics, ...eventTypesByModule.travel].filter((type) => type !== 'BookingFailed').sort(),
    ));

  it.each(table)('%s → %s:%s', (type, module, state, when) =>
    given()
      .when(() => react(factOf(type)))
      .then([recorded(module, state, when)]));

  it('a failed booking is recorded as cancelled and vetoes the order: it asks the order to cancel (BOOKING_FAILED)', () =>
    given()
      .when(() => react(factOf('BookingFailed')))
      .then([
        recorded('travel', 'cancelled', at),
        {
          kind: 'requestCancellation',
          orderId,
          reason: 'BOOKING_FAILED',
          note: 'no seats left',
          at,
          commandId: derivedId(eventId, 'cancel-for-failed-booking'),
          causationId: eventId,
        },
      ]));

  it('the same fact delivered twice gives the same commands, with the same ids', () =>
    expect(react(factOf('BookingFailed'))).toEqual(react(factOf('BookingFailed'))));

  it('every command of a fact has its own id, and another fact gives other ids', () => {
    const commandIds = [...react(factOf('BookingFailed')), ...react(factOf('BookingFailed', 'event-43'))].map((command) => command.commandId);
    expect(new Set(commandIds).size).toBe(4);
  });

  it('records the module state for the order the fact is about, whatever the progress it knows', () =>
    given(factOf('OrderPlaced'), factOf('OrderCancelled'))
      .when(() => react(factOf('ShipmentCancelled')))
      .then([recorded('logistics', 'cancelled', at)]));
});

describe('the process manager commands nothing on order events: the modules react to them themselves', () => {
  const orderEvents = [...eventTypesByModule.ordering, ...eventTypesByModule.notification] as EventType[];

  it.each(orderEvents)('%s → nothing', (type) =>
    given()
      .when(() => react(factOf(type)))
      .thenNothing());
});

describe('the order progress the process manager keeps', () => {
  it.each<[EventType[], OrderProgress['status']]>([
    [[], 'unknown'],
    [['OrderPlaced'], 'pending'],
    [['OrderPlaced', 'OrderLineAdded', 'OrderHoldPlaced'], 'pending'],
    [['OrderPlaced', 'OrderConfirmed'], 'confirmed'],
    [['OrderPlaced', 'OrderConfirmed', 'InvoiceIssued', 'OrderFulfillmentStarted'], 'fulfilling'],
    [['OrderPlaced', 'OrderConfirmed', 'OrderFulfillmentStarted', 'OrderCompleted'], 'completed'],
    [['OrderPlaced', 'OrderCancelled'], 'cancelled'],
  ])('after %j it is %s', (types, status) =>
    given(...types.map((type) => factOf(type))).thenState((progress) => expect(progress).toEqual({ status })));

  it('folds plain domain events as well as facts', () =>
    expect(evolve(unknownProgress(), { type: 'OrderPlaced', data: sample.OrderPlaced } as DomainEvent)).toEqual({ status: 'pending' }));
});
