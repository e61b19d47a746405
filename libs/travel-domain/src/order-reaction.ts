import { derivedId, type BookingLine, type DomainEvent, type OrderConfirmed } from '@oms/contracts';
import type { Booking, BookingEvent } from './booking';
import { cancel, reserve } from './decide';

/** Travel starts only for a confirmed order with a travel line. */
export function travelLines(confirmed: OrderConfirmed): BookingLine[] {
  return confirmed.lines
    .filter((line) => line.productType === 'travel')
    .map(({ lineId, sku, quantity, description }) => ({ lineId, sku, quantity, description }));
}

/** One booking per order, so its id follows from the order's: a replay finds the same one. */
export const bookingIdFor = (orderId: string) => derivedId(orderId, 'booking');

/**
 * What an order event means for the order's booking. Times come from the order event, so a
 * redelivered event yields exactly the same booking events.
 */
export function reactToOrderEvent(booking: Booking, event: DomainEvent): BookingEvent[] {
  switch (event.type) {
    case 'OrderConfirmed': {
      const lines = travelLines(event.data);
      if (lines.length === 0) return [];
      const { orderId, confirmedAt } = event.data;
      return reserve(booking, { orderId, bookingId: bookingIdFor(orderId), lines, at: confirmedAt });
    }
    case 'OrderCancelled':
      return cancel(booking, { reason: event.data.reason, at: event.data.cancelledAt });
    default:
      return [];
  }
}
