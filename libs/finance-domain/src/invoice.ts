import type { DomainEvent } from '@oms/contracts';

export type InvoiceEventType = 'InvoiceIssued' | 'InvoicePaid' | 'InvoiceRefunded';
export type InvoiceEvent = DomainEvent<InvoiceEventType>;

/**
 * An order's invoice as its stream tells it. `none` is the contract's `pending`: no invoice
 * has been issued yet. This decider issues and settles in one decision, so a stream never
 * shows an invoice waiting in between.
 */
export type Invoice = NoInvoice | InvoiceOnRecord;

export interface NoInvoice {
  status: 'none';
}

export interface InvoiceOnRecord {
  status: 'issued' | 'paid' | 'refunded';
  orderId: string;
  invoiceId: string;
  amount: number;
  currency: string;
  /** The payment that settled it, once paid. */
  paymentId?: string;
}

export const noInvoice = (): Invoice => ({ status: 'none' });

export function evolve(invoice: Invoice, event: InvoiceEvent): Invoice {
  if (event.type === 'InvoiceIssued') {
    const { orderId, invoiceId, amount, currency } = event.data;
    return { status: 'issued', orderId, invoiceId, amount, currency };
  }
  // Settling or refunding an invoice the stream never issued cannot happen; ignore it.
  if (invoice.status === 'none') return invoice;
  switch (event.type) {
    case 'InvoicePaid':
      return { ...invoice, status: 'paid', paymentId: event.data.paymentId };
    case 'InvoiceRefunded':
      return { ...invoice, status: 'refunded' };
  }
}
