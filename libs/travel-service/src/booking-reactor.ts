import { Injectable } from '@nestjs/common';
import { streams } from '@oms/contracts';
import { ModuleStreamReactor, type ModuleStream } from '@oms/platform';
import { evolve, noBooking, reactToOrderEvent, type Booking, type BookingEvent } from '@oms/travel-domain';

/**
 * The booking's reaction to an order event on `booking-<orderId>`: reserved at once for a
 * confirmed order with travel lines, cancelled when the order is cancelled (unless the trip was
 * taken). Ids derive from the order event (purpose `travel`), so a redelivery, or the operator
 * path catching up on the same cancellation first, appends nothing new.
 */
export const bookings = { module: 'travel', streamId: streams.booking, initialState: noBooking, evolve, reactToOrderEvent } satisfies ModuleStream<Booking, BookingEvent>;

export const TRAVEL_SUBSCRIPTION = bookings.module;

@Injectable()
export class BookingReactor extends ModuleStreamReactor(bookings) {}
