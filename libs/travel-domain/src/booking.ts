import type { BookingLine, BookingState, DomainEvent } from '@oms/contracts';

export type BookingEventType = 'BookingReserved' | 'BookingConfirmed' | 'BookingTravelled' | 'BookingCancelled' | 'BookingFailed';
export type BookingEvent = DomainEvent<BookingEventType>;

/**
 * An order's travel booking as its stream tells it; `none` until the order has travel to book.
 * The contract's `pending` is never seen: a booking is reserved at once.
 */
export type Booking = NoBooking | BookingOnRecord;

export interface NoBooking {
  status: 'none';
}

export interface BookingOnRecord {
  status: Exclude<BookingState, 'pending'>;
  orderId: string;
  bookingId: string;
  lines: BookingLine[];
  /**
   * The contract's booking states have no `failed`: a booking the supplier rejected is
   * `cancelled`, and this says it was the supplier, not a compensation, that ended it.
   */
  failed: boolean;
}

export const noBooking = (): Booking => ({ status: 'none' });

export function evolve(booking: Booking, event: BookingEvent): Booking {
  if (event.type === 'BookingReserved') {
    const { orderId, bookingId, lines } = event.data;
    return { status: 'reserved', orderId, bookingId, lines, failed: false };
  }
  // A step on a booking the stream never reserved cannot happen; ignore rather than invent one.
  if (booking.status === 'none') return booking;
  switch (event.type) {
    case 'BookingConfirmed':
      return { ...booking, status: 'confirmed' };
    case 'BookingTravelled':
      return { ...booking, status: 'travelled' };
    case 'BookingCancelled':
      return { ...booking, status: 'cancelled' };
    case 'BookingFailed':
      return { ...booking, status: 'cancelled', failed: true };
  }
}
