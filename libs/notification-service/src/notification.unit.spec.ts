import { newId, streams, type RecordedEvent } from '@oms/contracts';
import { evolve, initialOrder, type Order, type OrderEvent } from '@oms/ordering-domain';
import { formatMoney, kindOf, notificationFor, notificationIdFor, recipientFor, RECIPIENT_DOMAIN } from './notification';

const orderId = newId();
let position = 100n;

function recorded(type: string, data: Record<string, unknown>, revision: number): RecordedEvent {
  position += 1n;
  const at = '2026-03-01T10:00:00.000Z';
  return {
    eventId: newId(),
    type,
    data: { orderId, ...data },
    metadata: { orderId, correlationId: 'corr-1', causationId: newId(), actor: { type: 'user', id: 'dev-client' }, occurredAt: at, schemaVersion: 1 },
    streamId: streams.order(orderId),
    revision,
    position,
    recordedAt: new Date(at),
  };
}

const lines = [
  { lineId: newId(), sku: 'BOOK', productType: 'physical', description: 'a book', quantity: 2, unitPrice: 1_250 },
  { lineId: newId(), sku: 'TRIP', productType: 'travel', description: 'Lisbon', quantity: 1, unitPrice: 20_000 },
];
const placed = recorded('OrderPlaced', { orderNumber: 'ORD-2026-000042', customerId: 'c-42', currency: 'EUR', lines, placedAt: '2026-03-01T10:00:00.000Z' }, 0);
const confirmation = () =>
  recorded(
    'OrderConfirmed',
    {
      orderNumber: 'ORD-2026-000042',
      customerId: 'c-42',
      paymentId: 'pay-1',
      amount: 22_500,
      currency: 'EUR',
      lines,
      totals: { subtotal: 22_500, tax: 0, discount: 0, total: 22_500 },
      confirmedAt: '2026-03-01T10:01:00.000Z',
    },
    1,
  );
const fold = (...events: RecordedEvent[]): Order => events.reduce((order, event) => evolve(order, { type: event.type, data: event.data } as OrderEvent), initialOrder());

describe('notifications: one per order and kind', () => {
  it('notifies on confirmation, completion and cancellation only', () => {
    expect(kindOf('OrderConfirmed')).toBe('order_confirmed');
    expect(kindOf('OrderCompleted')).toBe('order_completed');
    expect(kindOf('OrderCancelled')).toBe('order_cancelled');
    for (const type of ['OrderPlaced', 'OrderFulfillmentStarted', 'InvoicePaid', 'ShipmentShipped', 'constructor', 'toString']) expect(kindOf(type)).toBeUndefined();
    expect(notificationFor(placed, fold(placed))).toBeUndefined();
  });

  it('gives the same notification id to a redelivery and to a second event of the same kind, another to another kind or order', () => {
    const first = confirmation();
    const second = confirmation();
    const a = notificationFor(first, fold(placed, first));
    const b = notificationFor(second, fold(placed, second));
    expect(a?.notificationId).toBe(notificationIdFor(orderId, 'order_confirmed'));
    expect(b?.notificationId).toBe(a?.notificationId);
    expect(notificationFor(first, fold(placed, first))).toEqual(a);
    expect(notificationIdFor(orderId, 'order_cancelled')).not.toBe(a?.notificationId);
    expect(notificationIdFor(newId(), 'order_confirmed')).not.toBe(a?.notificationId);
  });

  it('thanks for the payment with the invoice attached and says what comes next', () => {
    const confirmed = confirmation();
    const intent = notificationFor(confirmed, fold(placed, confirmed));
    expect(intent).toMatchObject({ orderId, kind: 'order_confirmed', recipient: `c-42@${RECIPIENT_DOMAIN}`, subject: 'Order ORD-2026-000042 confirmed', causationId: confirmed.eventId, correlationId: 'corr-1' });
    expect(intent?.body).toContain('€225.00');
    expect(intent?.body).toMatch(/shipped soon/);
    expect(intent?.body).toMatch(/trip is reserved/);
    expect(intent?.attachments).toHaveLength(1);
    expect(intent?.attachments[0]).toMatchObject({ filename: 'invoice-ORD-2026-000042.txt' });
    expect(intent?.attachments[0].content).toContain('Total: €225.00');
  });

  it('tells why an order was cancelled and whether money comes back', () => {
    const confirmed = confirmation();
    const afterPayment = recorded('OrderCancelled', { reason: 'BOOKING_FAILED', previousStatus: 'fulfilling', requestedAt: 'x', cancelledAt: '2026-03-01T11:00:00.000Z' }, 2);
    const paidIntent = notificationFor(afterPayment, fold(placed, confirmed, afterPayment));
    expect(paidIntent?.subject).toBe('Order ORD-2026-000042 cancelled');
    expect(paidIntent?.body).toMatch(/travel supplier/);
    expect(paidIntent?.body).toMatch(/€225.00 you paid will be refunded/);

    const unpaid = recorded('OrderCancelled', { reason: 'PAYMENT_TIMEOUT', previousStatus: 'pending', requestedAt: 'x', cancelledAt: 'y' }, 1);
    const unpaidIntent = notificationFor(unpaid, fold(placed, unpaid));
    expect(unpaidIntent?.body).toMatch(/did not receive your payment in time/);
    expect(unpaidIntent?.body).not.toMatch(/refunded/);
  });

  it('addresses a placeholder under .invalid, never a deliverable domain, whatever the customer id', () => {
    expect(recipientFor('c-42')).toBe('c-42@customers.invalid');
    for (const weird of ['a b', 'x@evil.example', '..', 'é', '', 'a'.repeat(65)]) {
      expect(recipientFor(weird)).toMatch(/^customer-[0-9a-f-]{36}@customers\.invalid$/);
    }
    expect(recipientFor('x@evil.example')).toBe(recipientFor('x@evil.example'));
  });

  it('writes amounts in the currency’s own minor unit', () => {
    expect(formatMoney(12_345, 'EUR')).toBe('€123.45');
    expect(formatMoney(12_345, 'JPY')).toBe('¥12,345');
    expect(formatMoney(12_345, 'KWD')).toMatch(/12\.345/);
  });
});
