export const invoiceStates = ['pending', 'issued', 'paid', 'refunded'] as const;
export type InvoiceState = (typeof invoiceStates)[number];

export interface InvoiceIssued {
  orderId: string;
  invoiceId: string;
  amount: number;
  currency: string;
  issuedAt: string;
}
export interface InvoicePaid {
  orderId: string;
  invoiceId: string;
  paymentId: string;
  amount: number;
  currency: string;
  paidAt: string;
}
export interface InvoiceRefunded {
  orderId: string;
  invoiceId: string;
  amount: number;
  currency: string;
  reason: string;
  refundedAt: string;
}

export interface FinanceEventDataMap {
  InvoiceIssued: InvoiceIssued;
  InvoicePaid: InvoicePaid;
  InvoiceRefunded: InvoiceRefunded;
}
