import { derivedId } from '@oms/contracts';
import type { Fact } from './fact';
import { isModuleEvent, moduleStateAfter, occurredAt } from './module-fact';
import type { OrderCommand, RecordModuleState, RequestCancellation } from './order-command';

/**
 * The process manager's translation of facts into order commands. It owns no business rule:
 * each module fact is told to the order, which decides fulfilment, completion and cut-off on
 * its own stream; a failed booking is the travel module's veto, passed on as a cancellation
 * request the order may still refuse (e.g. once shipped). Order events need nothing here:
 * each module reacts to confirmation and cancellation itself, and the payment deadline is
 * set apart (see payment-deadline.ts).
 */
export function react(fact: Fact): OrderCommand[] {
  if (!isModuleEvent(fact)) return [];
  const record: RecordModuleState = {
    kind: 'recordModuleState',
    orderId: fact.orderId,
    ...moduleStateAfter[fact.type],
    sourceEventId: fact.eventId,
    at: occurredAt(fact),
    commandId: derivedId(fact.eventId, 'record-module-state'),
    causationId: fact.eventId,
  };
  if (fact.type !== 'BookingFailed') return [record];
  const veto: RequestCancellation = {
    kind: 'requestCancellation',
    orderId: fact.orderId,
    reason: 'BOOKING_FAILED',
    note: fact.data.reason,
    at: fact.data.at,
    commandId: derivedId(fact.eventId, 'cancel-for-failed-booking'),
    causationId: fact.eventId,
  };
  return [record, veto];
}
