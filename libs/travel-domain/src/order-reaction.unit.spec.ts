import { derivedId, type DomainEvent, type OrderConfirmed, type OrderLine } from '@oms/contracts';
import { deciderSpecification } from '@oms/testing';
import { evolve, noBooking, type BookingEvent } from './booking';
import { bookingIdFor, reactToOrderEvent, travelLines } from './order-reaction';

const given = deciderSpecification(evolve, noBooking);

const orderId = 'order-1';
const bookingId = bookingIdFor(orderId);
const confirmedAt = '2026-03-01T10:00:00.000Z';
const cancelledAt = '2026-03-01T11:00:00.000Z';

const line = (lineId: string, productType: OrderLine['productType']): OrderLine => ({ lineId, sku: `SKU-${lineId}`, productType, description: `the ${lineId}`, quantity: 1, unitPrice: 10000 });
const flight = line('flight', 'travel');
const hotel = line('hotel', 'travel');
const book = line('book', 'physical');
const ebook = line('ebook', 'digital');

const confirmedWith = (...lines: OrderLine[]): OrderConfirmed => ({
  orderId,
  orderNumber: 'ORD-2026-000001',
  customerId: 'customer-1',
  paymentId: 'payment-1',
  amount: 10000 * lines.length,
  currency: 'EUR',
  lines,
  totals: { subtotal: 10000 * lines.length, tax: 0, discount: 0, total: 10000 * lines.length },
  confirmedAt,
});
const confirmedEvent = (...lines: OrderLine[]): DomainEvent => ({ type: 'OrderConfirmed', data: confirmedWith(...lines) });
const cancelledOrder: DomainEvent = {
  type: 'OrderCancelled',
  data: { orderId, reason: 'BOOKING_FAILED', previousStatus: 'fulfilling', requestedAt: cancelledAt, cancelledAt },
};

const reserved: BookingEvent = {
  type: 'BookingReserved',
  data: { orderId, bookingId, lines: [{ lineId: 'flight', sku: 'SKU-flight', quantity: 1, description: 'the flight' }], reservedAt: confirmedAt },
};

describe('does a confirmed order concern travel?', () => {
  it('keeps only the travel lines, as booking lines', () =>
    expect(travelLines(confirmedWith(book, flight, ebook, hotel))).toEqual([
      { lineId: 'flight', sku: 'SKU-flight', quantity: 1, description: 'the flight' },
      { lineId: 'hotel', sku: 'SKU-hotel', quantity: 1, description: 'the hotel' },
    ]));

  it('derives one booking id per order', () => {
    expect(bookingIdFor(orderId)).toBe(derivedId(orderId, 'booking'));
    expect(bookingIdFor('order-2')).not.toBe(bookingId);
  });
});

describe('travel reacting to order events', () => {
  it('reserves the travel lines of a confirmed order at once, at confirmation time', () =>
    given()
      .when((booking) => reactToOrderEvent(booking, confirmedEvent(book, flight)))
      .then([reserved]));

  it('leaves an order without travel alone', () =>
    given()
      .when((booking) => reactToOrderEvent(booking, confirmedEvent(book, ebook)))
      .thenNothing());

  it('reserves once when the confirmation is delivered again', () =>
    given(reserved)
      .when((booking) => reactToOrderEvent(booking, confirmedEvent(flight)))
      .thenNothing());

  it('cancels the booking when the order is cancelled, with the order’s reason and time', () =>
    given(reserved)
      .when((booking) => reactToOrderEvent(booking, cancelledOrder))
      .then([{ type: 'BookingCancelled', data: { orderId, bookingId, reason: 'BOOKING_FAILED', at: cancelledAt } }]));

  it('cancels nothing more when the booking failed (its failure cancelled the order)', () =>
    given(reserved, { type: 'BookingFailed', data: { orderId, bookingId, reason: 'no seats', at: confirmedAt } })
      .when((booking) => reactToOrderEvent(booking, cancelledOrder))
      .thenNothing());

  it('has nothing to cancel for an order without a booking', () =>
    given()
      .when((booking) => reactToOrderEvent(booking, cancelledOrder))
      .thenNothing());

  it.each<DomainEvent>([
    { type: 'OrderFulfillmentStarted', data: { orderId, at: confirmedAt } },
    { type: 'OrderCompleted', data: { orderId, at: confirmedAt } },
    { type: 'OrderHoldReleased', data: { orderId, holdId: 'hold-1', reason: 'ok', releasedAt: confirmedAt } },
  ])('ignores $type', (event) =>
    given(reserved)
      .when((booking) => reactToOrderEvent(booking, event))
      .thenNothing());
});
