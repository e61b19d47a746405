import { derivedId, type DomainEvent, type OrderConfirmed, type OrderLine } from '@oms/contracts';
import { deciderSpecification } from '@oms/testing';
import { evolve, noInvoice, type InvoiceEvent } from './invoice';
import { concernsFinance, invoiceIdFor, reactToOrderEvent } from './order-reaction';

const given = deciderSpecification(evolve, noInvoice);

const orderId = 'order-1';
const invoiceId = invoiceIdFor(orderId);
const confirmedAt = '2026-03-01T10:00:00.000Z';
const cancelledAt = '2026-03-01T11:00:00.000Z';

const ebook: OrderLine = { lineId: 'ebook', sku: 'EBOOK-1', productType: 'digital', description: 'e-book', quantity: 1, unitPrice: 1999 };
const confirmedData: OrderConfirmed = {
  orderId,
  orderNumber: 'ORD-2026-000001',
  customerId: 'customer-1',
  paymentId: 'payment-1',
  amount: 1999,
  currency: 'USD',
  lines: [ebook],
  totals: { subtotal: 1999, tax: 0, discount: 0, total: 1999 },
  confirmedAt,
};
const confirmed: DomainEvent = { type: 'OrderConfirmed', data: confirmedData };
const cancelledOrder = (previousStatus: 'pending' | 'confirmed' | 'fulfilling'): DomainEvent => ({
  type: 'OrderCancelled',
  data: { orderId, reason: 'FRAUD_RISK', previousStatus, requestedAt: cancelledAt, cancelledAt },
});

const issued: InvoiceEvent = { type: 'InvoiceIssued', data: { orderId, invoiceId, amount: 1999, currency: 'USD', issuedAt: confirmedAt } };
const paid: InvoiceEvent = { type: 'InvoicePaid', data: { orderId, invoiceId, paymentId: 'payment-1', amount: 1999, currency: 'USD', paidAt: confirmedAt } };

describe('does a confirmed order concern finance?', () => {
  it('every confirmed order does, even one with nothing physical or travel', () => expect(concernsFinance(confirmedData)).toBe(true));

  it('derives one invoice id per order', () => {
    expect(invoiceIdFor(orderId)).toBe(derivedId(orderId, 'invoice'));
    expect(invoiceIdFor('order-2')).not.toBe(invoiceId);
  });
});

describe('finance reacting to order events', () => {
  it('invoices a confirmed order for the amount paid and settles it, at confirmation time', () =>
    given()
      .when((invoice) => reactToOrderEvent(invoice, confirmed))
      .then([issued, paid]));

  it('invoices once when the confirmation is delivered again', () =>
    given(issued, paid)
      .when((invoice) => reactToOrderEvent(invoice, confirmed))
      .thenNothing());

  it('refunds the invoice of a cancelled order, with the order’s reason and time', () =>
    given(issued, paid)
      .when((invoice) => reactToOrderEvent(invoice, cancelledOrder('fulfilling')))
      .then([
        { type: 'InvoiceRefunded', data: { orderId, invoiceId, amount: 1999, currency: 'USD', reason: 'FRAUD_RISK', refundedAt: cancelledAt } },
      ]));

  it('has nothing to refund for an order cancelled before it was confirmed', () =>
    given()
      .when((invoice) => reactToOrderEvent(invoice, cancelledOrder('pending')))
      .thenNothing());

  it.each<DomainEvent>([
    { type: 'OrderPlaced', data: { orderId, orderNumber: 'ORD-2026-000001', customerId: 'customer-1', currency: 'USD', lines: [], placedAt: confirmedAt } },
    { type: 'OrderFulfillmentStarted', data: { orderId, at: confirmedAt } },
    { type: 'OrderCompleted', data: { orderId, at: confirmedAt } },
  ])('ignores $type', (event) =>
    given(issued, paid)
      .when((invoice) => reactToOrderEvent(invoice, event))
      .thenNothing());
});
