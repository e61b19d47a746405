import { derivedId, type EventDataMap, type EventType } from '@oms/contracts';
import { deciderSpecification } from '@oms/testing';
import type { Fact } from './fact';
import type { OrderCommand } from './order-command';
import { evolve, unknownProgress, type OrderProgress } from './order-progress';
import { deadlineFor, isDue, onDeadline } from './payment-deadline';

type Message = Fact | OrderCommand;
const given = deciderSpecification<OrderProgress, Message>((progress, message) => ('kind' in message ? progress : evolve(progress, message)), unknownProgress);

const orderId = 'order-1';
const placedEventId = 'placed-event-1';
const placedAt = '2026-03-01T23:45:00.000Z';
const thirtyMinutes = 30 * 60_000;

const fact = <T extends EventType>(type: T, data: EventDataMap[T], eventId = `${type}-event`) => ({ type, data, eventId, orderId }) as Fact<T>;
const placed = fact('OrderPlaced', { orderId, orderNumber: 'ORD-2026-000001', customerId: 'customer-1', currency: 'EUR', lines: [], placedAt }, placedEventId);
const confirmed = fact('OrderConfirmed', {
  orderId,
  orderNumber: 'ORD-2026-000001',
  customerId: 'customer-1',
  paymentId: 'payment-1',
  amount: 100,
  currency: 'EUR',
  lines: [],
  totals: { subtotal: 100, tax: 0, discount: 0, total: 100 },
  confirmedAt: '2026-03-01T23:50:00.000Z',
});
const cancelled = fact('OrderCancelled', { orderId, reason: 'CUSTOMER_REQUEST', previousStatus: 'pending', requestedAt: placedAt, cancelledAt: placedAt });
const held = fact('OrderHoldPlaced', { orderId, holdId: 'hold-1', type: 'CREDIT', reason: 'check', placedAt });

const deadline = deadlineFor(placed, thirtyMinutes);
const dueAt = '2026-03-02T00:15:00.000Z';
const timedOut: OrderCommand = {
  kind: 'requestCancellation',
  orderId,
  reason: 'PAYMENT_TIMEOUT',
  at: dueAt,
  commandId: derivedId(placedEventId, 'payment-timeout'),
  causationId: placedEventId,
};

describe('setting the payment deadline when an order is placed', () => {
  it('falls the timeout after placement, across midnight', () => expect(deadline).toEqual({ orderId, dueAt, placedEventId }));

  it('is the same deadline however often the placement is seen', () => expect(deadlineFor(placed, thirtyMinutes)).toEqual(deadline));

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses a timeout of %s ms', (timeoutMs) => expect(() => deadlineFor(placed, timeoutMs)).toThrow(RangeError));

  it('is due at its moment, not a millisecond before', () => {
    expect(isDue(deadline, '2026-03-02T00:14:59.999Z')).toBe(false);
    expect(isDue(deadline, dueAt)).toBe(true);
    expect(isDue(deadline, '2026-03-02T09:00:00.000Z')).toBe(true);
  });
});

describe('when the payment deadline passes', () => {
  const onExpiry = (progress: OrderProgress) => onDeadline(deadline, progress, dueAt);

  it('asks a still-pending order to cancel itself (PAYMENT_TIMEOUT), at the deadline', () => given(placed).when(onExpiry).then([timedOut]));

  it('asks a held order too: a hold never blocks cancellation', () => given(placed, held).when(onExpiry).then([timedOut]));

  it('asks when it knows nothing of the order: the order ignores it if no longer pending', () => given().when(onExpiry).then([timedOut]));

  it('leaves a paid order alone', () => given(placed, confirmed).when(onExpiry).thenNothing());

  it('leaves an order already cancelled alone', () => given(placed, cancelled).when(onExpiry).thenNothing());

  it.each(['OrderFulfillmentStarted', 'OrderCompleted'] as const)('leaves an order alone after %s', (type) =>
    given(placed, confirmed, fact(type, { orderId, at: dueAt }))
      .when(onExpiry)
      .thenNothing());

  it('asks nothing when the deadline fires early', () =>
    given(placed)
      .when((progress) => onDeadline(deadline, progress, '2026-03-02T00:14:59.999Z'))
      .thenNothing());

  it('asks with the same command id however often the deadline fires', () =>
    given(placed)
      .when((progress) => onDeadline(deadline, progress, '2026-03-02T01:00:00.000Z'))
      .then([timedOut]));
});
