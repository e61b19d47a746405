export const bookingStates = ['pending', 'reserved', 'confirmed', 'travelled', 'cancelled'] as const;
export type BookingState = (typeof bookingStates)[number];
export const bookingSteps = ['confirm', 'travel', 'fail'] as const;
export type BookingStep = (typeof bookingSteps)[number];

export interface BookingLine {
  lineId: string;
  sku: string;
  quantity: number;
  description: string;
}
export interface BookingReserved {
  orderId: string;
  bookingId: string;
  lines: BookingLine[];
  reservedAt: string;
}
export interface BookingConfirmed {
  orderId: string;
  bookingId: string;
  at: string;
}
export interface BookingTravelled {
  orderId: string;
  bookingId: string;
  at: string;
}
export interface BookingCancelled {
  orderId: string;
  bookingId: string;
  reason: string;
  at: string;
}
/** The supplier rejected the booking: a veto that cancels the order (BOOKING_FAILED). */
export interface BookingFailed {
  orderId: string;
  bookingId: string;
  reason: string;
  at: string;
}

export interface TravelEventDataMap {
  BookingReserved: BookingReserved;
  BookingConfirmed: BookingConfirmed;
  BookingTravelled: BookingTravelled;
  BookingCancelled: BookingCancelled;
  BookingFailed: BookingFailed;
}
