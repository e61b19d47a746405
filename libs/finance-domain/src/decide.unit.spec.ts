import { deciderSpecification } from '@oms/testing';
import { onOrderConfirmed, refund } from './decide';
import { evolve, noInvoice, type InvoiceEvent } from './invoice';

const given = deciderSpecification(evolve, noInvoice);

const orderId = 'order-1';
const invoiceId = 'invoice-1';
const at = '2026-03-01T10:00:00.000Z';
const later = '2026-03-02T10:00:00.000Z';
const money = { amount: 4250, currency: 'EUR' };
const confirmation = { orderId, invoiceId, ...money, paymentId: 'payment-1', at };

const issued: InvoiceEvent = { type: 'InvoiceIssued', data: { orderId, invoiceId, ...money, issuedAt: at } };
const paid: InvoiceEvent = { type: 'InvoicePaid', data: { orderId, invoiceId, paymentId: 'payment-1', ...money, paidAt: at } };
const refunded: InvoiceEvent = { type: 'InvoiceRefunded', data: { orderId, invoiceId, ...money, reason: 'CUSTOMER_REQUEST', refundedAt: later } };

describe('invoicing a confirmed order', () => {
  it('issues the invoice and settles it with the payment received at confirmation', () =>
    given()
      .when((invoice) => onOrderConfirmed(invoice, confirmation))
      .then([issued, paid]));

  it.each([
    ['issued', [issued]],
    ['paid', [issued, paid]],
    ['refunded', [issued, paid, refunded]],
  ])('does nothing when the invoice is already %s (a redelivered confirmation)', (_state, history) =>
    given(...history)
      .when((invoice) => onOrderConfirmed(invoice, { ...confirmation, invoiceId: 'another', at: later }))
      .thenNothing());
});

describe('refunding when the order is cancelled', () => {
  it('refunds a paid invoice in full, with the reason', () =>
    given(issued, paid)
      .when((invoice) => refund(invoice, { reason: 'CUSTOMER_REQUEST', at: later }))
      .then([refunded]));

  it('refunds an invoice only issued too: the payment was taken at confirmation', () =>
    given(issued)
      .when((invoice) => refund(invoice, { reason: 'CUSTOMER_REQUEST', at: later }))
      .then([refunded]));

  it('refunds once', () =>
    given(issued, paid, refunded)
      .when((invoice) => refund(invoice, { reason: 'CUSTOMER_REQUEST', at: later }))
      .thenNothing());

  it('has nothing to refund without an invoice', () =>
    given()
      .when((invoice) => refund(invoice, { reason: 'PAYMENT_TIMEOUT', at: later }))
      .thenNothing());
});

describe('the invoice as its events tell it', () => {
  it('is none before it is issued', () => given().thenState((invoice) => expect(invoice).toEqual({ status: 'none' })));

  it('is issued, then paid by the payment, then refunded', () => {
    given(issued).thenState((invoice) => expect(invoice).toEqual({ status: 'issued', orderId, invoiceId, ...money }));
    given(issued, paid).thenState((invoice) => expect(invoice).toEqual({ status: 'paid', orderId, invoiceId, ...money, paymentId: 'payment-1' }));
    given(issued, paid, refunded).thenState((invoice) => expect(invoice.status).toBe('refunded'));
  });

  it('ignores a settlement of an invoice never issued', () => given(paid).thenState((invoice) => expect(invoice).toEqual({ status: 'none' })));
});
