import type { Invoice, InvoiceEvent } from './invoice';

export interface InvoiceConfirmedOrder {
  orderId: string;
  invoiceId: string;
  amount: number;
  currency: string;
  /** The payment received at confirmation. */
  paymentId: string;
  at: string;
}

export interface RefundInvoice {
  reason: string;
  at: string;
}

/**
 * Every confirmed order is invoiced, and the payment received at confirmation settles the
 * invoice right after it is issued. One invoice per order: a second confirmation (a
 * redelivery) changes nothing.
 */
export function onOrderConfirmed(invoice: Invoice, order: InvoiceConfirmedOrder): InvoiceEvent[] {
  if (invoice.status !== 'none') return [];
  const { orderId, invoiceId, amount, currency, paymentId, at } = order;
  return [
    { type: 'InvoiceIssued', data: { orderId, invoiceId, amount, currency, issuedAt: at } },
    { type: 'InvoicePaid', data: { orderId, invoiceId, paymentId, amount, currency, paidAt: at } },
  ];
}

/**
 * Compensation when the order is cancelled: the invoiced amount goes back. An invoice only
 * `issued` is refunded too: it exists only for a confirmed order, whose payment was taken at
 * confirmation, so the customer's money is held either way. No invoice (an order cancelled
 * before confirmation) or one already refunded needs nothing.
 */
export function refund(invoice: Invoice, command: RefundInvoice): InvoiceEvent[] {
  if (invoice.status !== 'issued' && invoice.status !== 'paid') return [];
  const { orderId, invoiceId, amount, currency } = invoice;
  return [{ type: 'InvoiceRefunded', data: { orderId, invoiceId, amount, currency, reason: command.reason, refundedAt: command.at } }];
}
