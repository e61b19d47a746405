import type { BookingLine } from '@oms/contracts';
import { deciderSpecification } from '@oms/testing';
import { evolve, noBooking, type Booking, type BookingEvent } from './booking';
import { cancel, confirm, fail, reserve, travel } from './decide';

const given = deciderSpecification(evolve, noBooking);

const orderId = 'order-1';
const bookingId = 'booking-1';
const at = '2026-03-01T10:00:00.000Z';
const later = '2026-03-02T10:00:00.000Z';
const lines: BookingLine[] = [{ lineId: 'line-1', sku: 'FLIGHT-LIS', quantity: 1, description: 'Flight to Lisbon' }];

const reserved: BookingEvent = { type: 'BookingReserved', data: { orderId, bookingId, lines, reservedAt: at } };
const confirmed: BookingEvent = { type: 'BookingConfirmed', data: { orderId, bookingId, at } };
const travelled: BookingEvent = { type: 'BookingTravelled', data: { orderId, bookingId, at } };
const cancelled: BookingEvent = { type: 'BookingCancelled', data: { orderId, bookingId, reason: 'CUSTOMER_REQUEST', at } };
const failed: BookingEvent = { type: 'BookingFailed', data: { orderId, bookingId, reason: 'no seats', at } };

/** The history that leaves a booking in each state. */
const historyOf = {
  reserved: [reserved],
  confirmed: [reserved, confirmed],
  travelled: [reserved, confirmed, travelled],
  cancelled: [reserved, cancelled],
  failed: [reserved, failed],
};
type Situation = keyof typeof historyOf;
const situations = Object.keys(historyOf) as Situation[];

const steps: Record<'confirm' | 'travel' | 'fail', (booking: Booking) => BookingEvent[]> = {
  confirm: (booking) => confirm(booking, later),
  travel: (booking) => travel(booking, later),
  fail: (booking) => fail(booking, { reason: 'supplier rejected', at: later }),
};
type Step = keyof typeof steps;

describe('reserving a booking', () => {
  it('reserves the travel lines at once', () =>
    given()
      .when((booking) => reserve(booking, { orderId, bookingId, lines, at }))
      .then([reserved]));

  it('does nothing when the order already has one (a redelivered confirmation)', () =>
    given(reserved)
      .when((booking) => reserve(booking, { orderId, bookingId: 'another', lines, at: later }))
      .thenNothing());

  it('refuses a booking of nothing', () =>
    given()
      .when((booking) => reserve(booking, { orderId, bookingId, lines: [], at }))
      .thenFails('VALIDATION_FAILED'));
});

describe('moving a booking along', () => {
  const valid: [Situation, Step, BookingEvent][] = [
    ['reserved', 'confirm', { type: 'BookingConfirmed', data: { orderId, bookingId, at: later } }],
    ['confirmed', 'travel', { type: 'BookingTravelled', data: { orderId, bookingId, at: later } }],
    ['reserved', 'fail', { type: 'BookingFailed', data: { orderId, bookingId, reason: 'supplier rejected', at: later } }],
    ['confirmed', 'fail', { type: 'BookingFailed', data: { orderId, bookingId, reason: 'supplier rejected', at: later } }],
  ];

  it.each(valid)('a %s booking can %s', (situation, step, event) =>
    given(...historyOf[situation])
      .when(steps[step])
      .then([event]));

  const invalid = situations.flatMap((situation) =>
    (Object.keys(steps) as Step[]).filter((step) => !valid.some(([from, allowed]) => from === situation && allowed === step)).map((step) => [situation, step] as const),
  );

  it('covers every other pair of situation and step', () => expect(invalid).toHaveLength(situations.length * 3 - valid.length));

  it.each(invalid)('a %s booking cannot %s', (situation, step) =>
    given(...historyOf[situation])
      .when(steps[step])
      .thenFails('INVALID_TRANSITION'));

  it.each(Object.keys(steps) as Step[])('cannot %s a booking that does not exist', (step) =>
    given()
      .when(steps[step])
      .thenFails('BOOKING_NOT_FOUND'));
});

describe('cancelling a booking when the order is cancelled', () => {
  it.each(['reserved', 'confirmed'] as const)('cancels a %s booking', (situation) =>
    given(...historyOf[situation])
      .when((booking) => cancel(booking, { reason: 'PAYMENT_TIMEOUT', at: later }))
      .then([{ type: 'BookingCancelled', data: { orderId, bookingId, reason: 'PAYMENT_TIMEOUT', at: later } }]));

  it.each(['travelled', 'cancelled', 'failed'] as const)('has nothing to cancel when the booking is %s', (situation) =>
    given(...historyOf[situation])
      .when((booking) => cancel(booking, { reason: 'PAYMENT_TIMEOUT', at: later }))
      .thenNothing());

  it('has nothing to cancel without a booking', () =>
    given()
      .when((booking) => cancel(booking, { reason: 'PAYMENT_TIMEOUT', at: later }))
      .thenNothing());
});

describe('the booking as its events tell it', () => {
  it('is none before it is reserved', () => given().thenState((booking) => expect(booking).toEqual({ status: 'none' })));

  it.each([
    ['reserved', 'reserved', false],
    ['confirmed', 'confirmed', false],
    ['travelled', 'travelled', false],
    ['cancelled', 'cancelled', false],
    ['failed', 'cancelled', true],
  ] as const)('after %s it is %s (failed: %s)', (situation, status, wasFailed) =>
    given(...historyOf[situation]).thenState((booking) => expect(booking).toEqual({ status, orderId, bookingId, lines, failed: wasFailed })));

  it('ignores a step without a reservation', () => given(confirmed).thenState((booking) => expect(booking).toEqual({ status: 'none' })));
});
