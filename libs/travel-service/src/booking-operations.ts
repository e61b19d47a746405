import { Inject, Injectable } from '@nestjs/common';
import { bookingSteps, DomainError, type AdvanceBookingCommand, type ModuleRowReply } from '@oms/contracts';
import type { EventStore } from '@oms/event-store';
import { advanceModuleRow, assertOperatorCommand, EVENT_STORE, type ModuleRow } from '@oms/platform';
import { confirm, fail, travel, type Booking, type BookingEvent } from '@oms/travel-domain';
import { bookings } from './booking-reactor';

const bookingRows: ModuleRow<Booking, BookingEvent> = { ...bookings, noun: 'booking', notFound: 'BOOKING_NOT_FOUND', openedAt: 'reservedAt' };
const REASON_MAX_LENGTH = 500;

function decideStep(booking: Booking, command: AdvanceBookingCommand, at: string): BookingEvent[] {
  switch (command.step) {
    case 'confirm':
      return confirm(booking, at);
    case 'travel':
      return travel(booking, at);
    case 'fail':
      return fail(booking, { reason: command.reason as string, at });
  }
}

function assertReason(command: AdvanceBookingCommand): void {
  if (command.step !== 'fail') return;
  const { reason } = command;
  if (typeof reason !== 'string' || reason.trim() === '' || reason.length > REASON_MAX_LENGTH) {
    throw new DomainError('VALIDATION_FAILED', 'a failed booking needs a reason', [
      { field: 'reason', message: `required for fail: 1 to ${REASON_MAX_LENGTH} characters` },
    ]);
  }
}

/**
 * Operator steps on an order's booking (the supplier confirms, the trip is taken, the supplier
 * rejects), see advanceModuleRow: the order must exist and not be held. A step on a cancelled
 * order first applies the cancellation to the booking, with the reactor's own event ids, and is
 * then refused (INVALID_TRANSITION), so an operator cannot confirm a trip the customer no longer
 * has. `fail` is the module's veto: the process manager turns it into the order's cancellation
 * (BOOKING_FAILED).
 */
@Injectable()
export class BookingOperations {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async advance(command: AdvanceBookingCommand): Promise<ModuleRowReply> {
    assertOperatorCommand(command, bookingSteps);
    assertReason(command);
    return advanceModuleRow(this.store, bookingRows, command, (booking, at) => decideStep(booking, command, at));
  }
}
