import { derivedId, type DomainEvent, type OrderConfirmed } from '@oms/contracts';
import { onOrderConfirmed, refund } from './decide';
import type { Invoice, InvoiceEvent } from './invoice';

/** Finance starts for every confirmed order: each one has been paid and is invoiced. */
export function concernsFinance(_confirmed: OrderConfirmed): boolean {
  return true;
}

/** One invoice per order, so its id follows from the order's: a replay finds the same one. */
export const invoiceIdFor = (orderId: string) => derivedId(orderId, 'invoice');

/**
 * What an order event means for the order's invoice. Times come from the order event, so a
 * redelivered event yields exactly the same invoice events.
 */
export function reactToOrderEvent(invoice: Invoice, event: DomainEvent): InvoiceEvent[] {
  switch (event.type) {
    case 'OrderConfirmed': {
      if (!concernsFinance(event.data)) return [];
      const { orderId, amount, currency, paymentId, confirmedAt } = event.data;
      return onOrderConfirmed(invoice, { orderId, invoiceId: invoiceIdFor(orderId), amount, currency, paymentId, at: confirmedAt });
    }
    case 'OrderCancelled':
      return refund(invoice, { reason: event.data.reason, at: event.data.cancelledAt });
    default:
      return [];
  }
}
