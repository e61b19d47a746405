import type { NewEvent } from '@oms/contracts';
import { currentSchemaVersion } from '@oms/event-store';

/**
 * Stamps each event with the schema version its type is written in today (the upcaster
 * registry knows it: OrderCancelled is at 2). The ordering service writes the order's events,
 * so it is where a new version of one of them starts being written.
 */
export function withCurrentSchemaVersions(events: NewEvent[]): NewEvent[] {
  return events.map((event) => {
    const schemaVersion = currentSchemaVersion(event.type);
    return event.metadata.schemaVersion === schemaVersion ? event : { ...event, metadata: { ...event.metadata, schemaVersion } };
  });
}

/** OrderCancelled v2: a blank note is no note (the v1 → v2 upcaster says the same of old events). */
export function meaningfulNote(note: string | undefined): { note?: string } {
  return typeof note === 'string' && note.trim() !== '' ? { note } : {};
}
