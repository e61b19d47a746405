import { cancellationReasons, type CancellationReason, type OrderStatus } from '@oms/contracts';
import { requestCancellation } from './cancel';
import { book, cancelled, completed, confirmed, context, fieldErrorsOf, fulfilmentStarted, given, holdPlaced, moduleReached, orderId, placed } from './order.fixtures';
import type { OrderEvent } from './order';
import { evolve, initialOrder } from './order';

const cancellation = (reason: CancellationReason, previousStatus: OrderStatus, note?: string): OrderEvent => ({
  type: 'OrderCancelled',
  data: { orderId, reason, ...(note !== undefined ? { note } : {}), previousStatus, requestedAt: context.now, cancelledAt: context.now },
});

describe('cancelling an order', () => {
  it('cancels a pending order', () =>
    given(placed()).when((order) => requestCancellation(order, { reason: 'CUSTOMER_REQUEST' }, context)).then([cancellation('CUSTOMER_REQUEST', 'pending')]));

  it('keeps the note', () =>
    given(placed())
      .when((order) => requestCancellation(order, { reason: 'OTHER', note: 'changed my mind' }, context))
      .then([cancellation('OTHER', 'pending', 'changed my mind')]));

  it('cancels a confirmed order', () =>
    given(placed(), confirmed()).when((order) => requestCancellation(order, { reason: 'SALES_ERROR' }, context)).then([cancellation('SALES_ERROR', 'confirmed')]));

  it('cancels a fulfilling order whose shipment has not left', () =>
    given(placed(), confirmed(), moduleReached('finance', 'issued'), fulfilmentStarted(), moduleReached('logistics', 'packed'))
      .when((order) => requestCancellation(order, { reason: 'CUSTOMER_REQUEST' }, context))
      .then([cancellation('CUSTOMER_REQUEST', 'fulfilling')]));

  it.each(['shipped', 'delivered', 'returned'])('refuses once the shipment is %s', (state) =>
    given(placed(), confirmed(), moduleReached('finance', 'issued'), fulfilmentStarted(), moduleReached('logistics', 'shipped'), moduleReached('logistics', state))
      .when((order) => requestCancellation(order, { reason: 'CUSTOMER_REQUEST' }, context))
      .thenFails('CANCELLATION_NOT_ALLOWED'));

  it('refuses the platform too once the shipment has left', () =>
    given(placed(), confirmed(), moduleReached('finance', 'issued'), fulfilmentStarted(), moduleReached('logistics', 'shipped'))
      .when((order) => requestCancellation(order, { reason: 'BOOKING_FAILED' }, context))
      .thenFails('CANCELLATION_NOT_ALLOWED'));

  it('refuses a completed order', () =>
    given(placed(), confirmed(), fulfilmentStarted(), completed()).when((order) => requestCancellation(order, { reason: 'CUSTOMER_REQUEST' }, context)).thenFails('CANCELLATION_NOT_ALLOWED'));

  it('refuses an order already cancelled', () =>
    given(placed(), cancelled('CUSTOMER_REQUEST', 'pending')).when((order) => requestCancellation(order, { reason: 'CUSTOMER_REQUEST' }, context)).thenFails('CANCELLATION_NOT_ALLOWED'));

  it('cancels an order on hold: holds block everything but cancellation', () =>
    given(placed(), confirmed(), holdPlaced()).when((order) => requestCancellation(order, { reason: 'FRAUD_RISK' }, context)).then([cancellation('FRAUD_RISK', 'confirmed')]));

  it.each(cancellationReasons)('accepts the reason %s', (reason) =>
    given(placed()).when((order) => requestCancellation(order, { reason }, context)).then([cancellation(reason, 'pending')]));

  it('refuses a reason outside the list', () =>
    given(placed()).when((order) => requestCancellation(order, { reason: 'BORED' as never }, context)).thenFails('VALIDATION_FAILED'));

  it('refuses a note longer than 1,000 characters', () => {
    const order = evolve(initialOrder(), placed());
    expect(fieldErrorsOf(() => requestCancellation(order, { reason: 'OTHER', note: 'n'.repeat(1001) }, context))).toEqual([expect.objectContaining({ field: 'note' })]);
  });

  it('refuses an order that does not exist', () => given().when((order) => requestCancellation(order, { reason: 'OTHER' }, context)).thenFails('ORDER_NOT_FOUND'));

  describe('by the payment timeout', () => {
    it('cancels a pending order', () =>
      given(placed([book])).when((order) => requestCancellation(order, { reason: 'PAYMENT_TIMEOUT' }, context)).then([cancellation('PAYMENT_TIMEOUT', 'pending')]));

    it('cancels a pending order even while it is held', () =>
      given(placed([book]), holdPlaced()).when((order) => requestCancellation(order, { reason: 'PAYMENT_TIMEOUT' }, context)).then([cancellation('PAYMENT_TIMEOUT', 'pending')]));

    it.each([
      ['confirmed', [placed(), confirmed()]],
      ['fulfilling', [placed(), confirmed(), fulfilmentStarted()]],
      ['completed', [placed(), confirmed(), fulfilmentStarted(), completed()]],
      ['cancelled', [placed(), cancelled('CUSTOMER_REQUEST', 'pending')]],
    ])('leaves a %s order alone: the payment won the race', (_, history) =>
      given(...history).when((order) => requestCancellation(order, { reason: 'PAYMENT_TIMEOUT' }, context)).thenNothing());
  });
});
