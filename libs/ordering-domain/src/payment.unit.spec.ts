import { book, cancelled, completed, confirmed, context, customerId, ebook, fulfilmentStarted, given, holdPlaced, holdReleased, orderId, orderNumber, placed } from './order.fixtures';
import { recordPayment } from './payment';

const payment = { paymentId: 'pay-1', amount: 2500, currency: 'EUR' };

describe('recording the payment', () => {
  it('confirms the order with a snapshot of its lines and totals', () =>
    given(placed([book]))
      .when((order) => recordPayment(order, payment, context))
      .then([
        {
          type: 'OrderConfirmed',
          data: {
            orderId,
            orderNumber,
            customerId,
            paymentId: 'pay-1',
            amount: 2500,
            currency: 'EUR',
            lines: [book],
            totals: { subtotal: 2500, tax: 0, discount: 0, total: 2500 },
            confirmedAt: context.now,
          },
        },
      ]));

  it('confirms the lines as they stand after changes', () =>
    given(placed([book]), { type: 'OrderLineAdded', data: { orderId, line: ebook, at: context.now } })
      .when((order) => recordPayment(order, { ...payment, amount: 3499 }, context))
      .thenEvents(([event]) => expect(event.data).toMatchObject({ lines: [book, ebook], totals: { total: 3499 } })));

  it('confirms a free order paid with zero', () =>
    given(placed([{ ...ebook, unitPrice: 0 }])).when((order) => recordPayment(order, { ...payment, amount: 0 }, context)).thenEvents((events) => expect(events).toHaveLength(1)));

  it('changes nothing when the same payment is reported again', () =>
    given(placed(), confirmed([book], 'pay-1')).when((order) => recordPayment(order, payment, context)).thenNothing());

  it('changes nothing when the same payment is reported after fulfilment and completion', () => {
    given(placed(), confirmed([book], 'pay-1'), fulfilmentStarted()).when((order) => recordPayment(order, payment, context)).thenNothing();
    given(placed(), confirmed([book], 'pay-1'), fulfilmentStarted(), completed()).when((order) => recordPayment(order, payment, context)).thenNothing();
  });

  it('changes nothing when the confirming payment is repeated while the order is held', () =>
    given(placed(), confirmed([book], 'pay-1'), holdPlaced()).when((order) => recordPayment(order, payment, context)).thenNothing());

  it('refuses a second, different payment', () =>
    given(placed(), confirmed([book], 'pay-1')).when((order) => recordPayment(order, { ...payment, paymentId: 'pay-2' }, context)).thenFails('INVALID_TRANSITION'));

  it('refuses a payment for a cancelled order', () =>
    given(placed(), cancelled('PAYMENT_TIMEOUT', 'pending')).when((order) => recordPayment(order, payment, context)).thenFails('INVALID_TRANSITION'));

  it('refuses an order without lines', () => given(placed([])).when((order) => recordPayment(order, { ...payment, amount: 0 }, context)).thenFails('ORDER_EMPTY'));

  it('refuses an amount other than the total', () => {
    given(placed([book])).when((order) => recordPayment(order, { ...payment, amount: 2499 }, context)).thenFails('PAYMENT_MISMATCH');
    given(placed([book])).when((order) => recordPayment(order, { ...payment, amount: 2501 }, context)).thenFails('PAYMENT_MISMATCH');
  });

  it('refuses another currency', () => given(placed([book])).when((order) => recordPayment(order, { ...payment, currency: 'USD' }, context)).thenFails('PAYMENT_MISMATCH'));

  it('refuses an order on hold', () => given(placed(), holdPlaced()).when((order) => recordPayment(order, payment, context)).thenFails('ORDER_ON_HOLD'));

  it('accepts once the hold is released', () =>
    given(placed(), holdPlaced(), holdReleased()).when((order) => recordPayment(order, payment, context)).thenEvents((events) => expect(events).toHaveLength(1)));

  it('refuses an order that does not exist', () => given().when((order) => recordPayment(order, payment, context)).thenFails('ORDER_NOT_FOUND'));

  it.each([
    ['an empty payment id', { paymentId: '' }],
    ['a fractional amount', { amount: 25.0001 }],
    ['a negative amount', { amount: -2500 }],
    ['an amount as text', { amount: '2500' }],
    ['a lower-case currency', { currency: 'eur' }],
    ['an unknown currency', { currency: 'ZZZ' }],
  ])('refuses %s', (_, overrides) =>
    given(placed([book])).when((order) => recordPayment(order, { ...payment, ...overrides } as never, context)).thenFails('VALIDATION_FAILED'));
});
