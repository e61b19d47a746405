import { derivedId, type Actor, type RecordedEvent } from '@oms/contracts';
import type { EnvelopeContext } from '../events/envelope';

/** A platform service acting on its own, as events' metadata and commands' context name it. */
export function serviceActor(service: string): Actor {
  return { type: 'service', id: service, role: 'service' };
}

/**
 * Metadata of events caused by `cause`: same order and correlation (the request that started
 * it all), caused by that very event, done by the service.
 */
export function reactionContext(cause: RecordedEvent, actor: Actor): Omit<EnvelopeContext, 'occurredAt'> {
  return {
    orderId: cause.metadata.orderId ?? orderIdOf(cause),
    correlationId: cause.metadata.correlationId ?? cause.eventId,
    causationId: cause.eventId,
    actor,
  };
}

/**
 * Ids of the events a reaction to `cause` appends: `derivedId(cause, purpose, index)`. A
 * redelivery of the cause yields the same ids, so its append is a no-op.
 */
export function reactionEventId(cause: RecordedEvent, purpose: string): (index: number) => string {
  return (index) => derivedId(cause.eventId, purpose, String(index));
}

function orderIdOf(event: RecordedEvent): string {
  const data = event.data as { orderId?: unknown };
  return typeof data?.orderId === 'string' ? data.orderId : '';
}
