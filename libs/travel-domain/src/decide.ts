import { DomainError, type BookingLine } from '@oms/contracts';
import type { Booking, BookingEvent, BookingOnRecord } from './booking';

export interface ReserveBooking {
  orderId: string;
  bookingId: string;
  /** The order's travel lines only. */
  lines: BookingLine[];
  at: string;
}

export interface EndBooking {
  reason: string;
  at: string;
}

/** A confirmed order's travel is reserved at once; one booking per order, so again changes nothing. */
export function reserve(booking: Booking, command: ReserveBooking): BookingEvent[] {
  if (booking.status !== 'none') return [];
  if (command.lines.length === 0) throw new DomainError('VALIDATION_FAILED', 'a booking needs at least one travel line');
  const { orderId, bookingId, lines, at } = command;
  return [{ type: 'BookingReserved', data: { orderId, bookingId, lines, reservedAt: at } }];
}

function existing(booking: Booking): BookingOnRecord {
  if (booking.status === 'none') throw new DomainError('BOOKING_NOT_FOUND', 'the order has no booking');
  return booking;
}

/** The supplier confirms a reservation. */
export function confirm(booking: Booking, at: string): BookingEvent[] {
  const { status, orderId, bookingId } = existing(booking);
  if (status !== 'reserved') throw new DomainError('INVALID_TRANSITION', `cannot confirm a ${status} booking`);
  return [{ type: 'BookingConfirmed', data: { orderId, bookingId, at } }];
}

/** The customer took the trip. */
export function travel(booking: Booking, at: string): BookingEvent[] {
  const { status, orderId, bookingId } = existing(booking);
  if (status !== 'confirmed') throw new DomainError('INVALID_TRANSITION', `cannot travel on a ${status} booking`);
  return [{ type: 'BookingTravelled', data: { orderId, bookingId, at } }];
}

/**
 * The supplier rejects the booking, before or after confirming it. This is the module's veto:
 * the process manager turns it into the order's cancellation (BOOKING_FAILED).
 */
export function fail(booking: Booking, command: EndBooking): BookingEvent[] {
  const { status, orderId, bookingId } = existing(booking);
  if (status !== 'reserved' && status !== 'confirmed') throw new DomainError('INVALID_TRANSITION', `cannot fail a ${status} booking`);
  return [{ type: 'BookingFailed', data: { orderId, bookingId, reason: command.reason, at: command.at } }];
}

/**
 * Compensation when the order is cancelled: a reservation or confirmed booking is cancelled.
 * A trip already taken cannot be undone, and a booking already cancelled (or failed, which is
 * what cancelled the order) needs nothing; no booking, nothing. None of these is an error,
 * because compensation is a reaction that must not get stuck.
 */
export function cancel(booking: Booking, command: EndBooking): BookingEvent[] {
  if (booking.status !== 'reserved' && booking.status !== 'confirmed') return [];
  const { orderId, bookingId } = booking;
  return [{ type: 'BookingCancelled', data: { orderId, bookingId, reason: command.reason, at: command.at } }];
}
