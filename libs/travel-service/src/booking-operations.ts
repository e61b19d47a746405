import { Inject, Injectable } from '@nestjs/common';
import { bookingSteps, derivedId, DomainError, streams, type AdvanceBookingCommand, type ModuleRowReply } from '@oms/contracts';
import { WrongExpectedVersion, type EventStore } from '@oms/event-store';
import { decideOnStream, EVENT_STORE, reactOnModuleStream } from '@oms/platform';
import { confirm, evolve, fail, noBooking, travel, type Booking, type BookingEvent } from '@oms/travel-domain';
import { bookings } from './booking-reactor';
import { assertOperatorCommand } from './command-validation';
import { orderForOperation } from './order-gate';

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
 * rejects): load the order (exists, not held), load the booking, decide, append with the
 * booking's expected revision. A step on a cancelled order first applies the cancellation to
 * the booking, with the reactor's own event ids, and is then refused (INVALID_TRANSITION), so an
 * operator cannot confirm a trip the customer no longer has. `fail` is the module's veto: the
 * process manager turns it into the order's cancellation (BOOKING_FAILED).
 */
@Injectable()
export class BookingOperations {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async advance(command: AdvanceBookingCommand): Promise<ModuleRowReply> {
    assertOperatorCommand(command, bookingSteps);
    assertReason(command);
    const { orderId, context } = command;
    const { cancelled } = await orderForOperation(this.store, orderId);
    if (cancelled) await reactOnModuleStream(this.store, bookings, cancelled);
    const firstEventId = derivedId(context.commandId, 'travel', '0');
    const at = new Date().toISOString();
    const result = await decideOnStream(this.store, {
      streamId: streams.booking(orderId),
      initialState: noBooking,
      evolve,
      // The same command again (a retry after a lost reply) was carried out: answer with the row.
      decide: (booking, history) => (history.some((event) => event.eventId === firstEventId) ? [] : decideStep(booking, command, at)),
      context: {
        orderId,
        correlationId: context.correlationId,
        causationId: context.causationId ?? context.commandId,
        actor: context.actor,
      },
      eventId: (index) => derivedId(context.commandId, 'travel', String(index)),
      now: () => at,
    }).catch(busy);
    if (result.state.status === 'none') throw new DomainError('BOOKING_NOT_FOUND', 'the order has no booking');
    const updatedAt = result.events.length > 0 ? at : await this.lastChange(orderId);
    return { orderId, module: 'travel', state: result.state.status, updatedAt };
  }

  private async lastChange(orderId: string): Promise<string> {
    const [last] = await this.store.readStream(streams.booking(orderId), { direction: 'backwards', maxCount: 1 });
    const data = (last?.data ?? {}) as { at?: string; reservedAt?: string };
    return data.at ?? data.reservedAt ?? last?.recordedAt.toISOString() ?? new Date(0).toISOString();
  }
}

/** Still losing the race after several fresh decisions: the booking is too busy right now. */
function busy(error: unknown): never {
  if (error instanceof WrongExpectedVersion) throw new DomainError('CONCURRENCY_CONFLICT', 'the booking changed while the step was being decided; retry');
  throw error;
}
