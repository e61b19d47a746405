import type { RecordedEvent } from '@oms/contracts';

/** The business-time fields of the event vocabulary; an event carries one of them (cancellation: cancelledAt). */
const timeFields = ['at', 'placedAt', 'confirmedAt', 'cancelledAt', 'releasedAt', 'issuedAt', 'paidAt', 'refundedAt', 'createdAt', 'reservedAt', 'sentAt'];

/** ISO 8601 UTC, or undefined when the value is not a time. */
export function isoTime(value: unknown): string | undefined {
  if (typeof value !== 'string' && !(value instanceof Date)) return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

/**
 * When the change happened, as the module that decided it said: the same instant the deciders
 * put into their own state, so the view and a command's response agree.
 */
export function eventTime(event: RecordedEvent): string {
  const data = (event.data ?? {}) as Record<string, unknown>;
  for (const field of timeFields) {
    const time = isoTime(data[field]);
    if (time) return time;
  }
  return isoTime(event.metadata?.occurredAt) ?? event.recordedAt.toISOString();
}

/** Every event of the vocabulary names its order in its data; the metadata does too. */
export function orderIdOf(event: RecordedEvent): string | undefined {
  const fromData = (event.data as { orderId?: unknown } | undefined)?.orderId;
  if (typeof fromData === 'string') return fromData;
  return typeof event.metadata?.orderId === 'string' ? event.metadata.orderId : undefined;
}
