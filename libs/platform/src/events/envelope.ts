import type { Actor, DomainEvent, NewEvent } from '@oms/contracts';

export interface EnvelopeContext {
  orderId: string;
  correlationId: string;
  /** The command or event that caused these events. */
  causationId: string;
  actor: Actor;
  occurredAt: string;
}

/** Schema version every newly written event of a type carries (raised with an upcaster for the old ones). */
export const currentSchemaVersion = 1;

/**
 * Wraps a decider's events with the metadata of CONTRACT §4. Ids come from the caller: new
 * ones for a user's command, ids derived from the causing event for a reaction (so that a
 * redelivery re-appends the same ids and the store's idempotent append drops them).
 */
export function envelope(events: DomainEvent[], context: EnvelopeContext, eventIdFor: (event: DomainEvent, index: number) => string): NewEvent[] {
  return events.map((event, index) => ({
    eventId: eventIdFor(event, index),
    type: event.type,
    data: event.data,
    metadata: {
      orderId: context.orderId,
      correlationId: context.correlationId,
      causationId: context.causationId,
      actor: context.actor,
      occurredAt: context.occurredAt,
      schemaVersion: currentSchemaVersion,
    },
  }));
}
