import type { EventMetadata, NewEvent } from '@oms/contracts';

// CONTRACT §4: every event carries who caused it, why, for which order, and when, from its first
// version on. The type system already asks for it; this is the runtime gate for callers that
// get around the types (JSON from the wire, `as any`), so that no adapter ever stores an event
// an auditor could not trace.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const ACTOR_TYPES: ReadonlySet<string> = new Set(['user', 'service', 'system']);

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Problems with one event's metadata, each prefixed with `where`; empty when it satisfies the contract. */
export function metadataProblems(metadata: unknown, where = 'metadata'): string[] {
  if (!isRecord(metadata)) return [`${where} is missing (every event carries the contract metadata)`];
  const problems: string[] = [];
  for (const key of ['orderId', 'correlationId', 'causationId'] as const) {
    if (!isNonEmptyString(metadata[key])) problems.push(`${where}.${key} must be a non-empty string`);
  }
  const actor = metadata.actor;
  if (!isRecord(actor)) problems.push(`${where}.actor must be an object { type, id }`);
  else {
    if (typeof actor.type !== 'string' || !ACTOR_TYPES.has(actor.type)) problems.push(`${where}.actor.type must be one of user, service, system`);
    if (!isNonEmptyString(actor.id)) problems.push(`${where}.actor.id must be a non-empty string`);
  }
  const occurredAt = metadata.occurredAt;
  if (typeof occurredAt !== 'string' || !ISO_INSTANT.test(occurredAt) || Number.isNaN(Date.parse(occurredAt))) {
    problems.push(`${where}.occurredAt must be an ISO-8601 instant with a zone (e.g. 2026-01-31T12:00:00.000Z)`);
  }
  const schemaVersion = metadata.schemaVersion;
  if (typeof schemaVersion !== 'number' || !Number.isInteger(schemaVersion) || schemaVersion < 1) {
    problems.push(`${where}.schemaVersion must be an integer ≥ 1`);
  }
  return problems;
}

/** Problems with one new event (id, type, data, metadata); empty when it may be appended. */
export function newEventProblems(event: unknown, where = 'event'): string[] {
  if (!isRecord(event)) return [`${where} must be an object`];
  const problems: string[] = [];
  if (!isUuid(event.eventId)) problems.push(`${where}.eventId must be a UUID (chosen by the writer so that a retry is a no-op)`);
  if (!isNonEmptyString(event.type)) problems.push(`${where}.type must be a non-empty string`);
  if (event.data === undefined) problems.push(`${where}.data is missing`);
  problems.push(...metadataProblems(event.metadata, `${where}.metadata`));
  return problems;
}

/** Narrows after checking: the one way untyped input becomes an appendable event. */
export function isNewEvent(event: unknown): event is NewEvent {
  return newEventProblems(event).length === 0;
}

export function hasContractMetadata(metadata: unknown): metadata is EventMetadata {
  return metadataProblems(metadata).length === 0;
}
