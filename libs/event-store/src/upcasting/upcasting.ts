import type { RecordedEvent } from '@oms/contracts';
import { UpcasterRegistry, type Upcaster } from './upcaster-registry';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * OrderCancelled v1 → v2. v1 took the client's `note` as sent, so a cancellation without
 * anything to say could carry `note: ""` (or blanks), which the order view then showed as an
 * empty note rather than none. v2: a note is absent or has text; the ordering service drops a
 * blank note before deciding. v1 events with a blank note read as having none.
 */
export const orderCancelledBlankNote: Upcaster = {
  type: 'OrderCancelled',
  fromVersion: 1,
  change: 'a blank note is no note: `note` is absent or non-blank',
  upcast(data) {
    if (!isRecord(data) || typeof data.note !== 'string' || data.note.trim() !== '') return data;
    const { note: _blank, ...rest } = data;
    return rest;
  },
};

/** Every upcaster of the platform's events. Adding one raises the type's current version for its writers. */
export const eventUpcasters: readonly Upcaster[] = [orderCancelledBlankNote];

const registry = new UpcasterRegistry(eventUpcasters);

/** Applied by both adapters to every event they read (streams, the global log, subscriptions). */
export function upcast(event: RecordedEvent): RecordedEvent {
  return registry.upcast(event);
}

/** The schema version a writer of `type` stamps into `metadata.schemaVersion` today. */
export function currentSchemaVersion(type: string): number {
  return registry.currentVersion(type);
}
