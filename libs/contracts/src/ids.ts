import { v5 as uuidv5, v7 as uuidv7, validate, version } from 'uuid';

/** Fixed namespace for ids derived from other ids (RFC 9562 name-based, SHA-1). */
const DERIVED_ID_NAMESPACE = '6f1c9d4e-2b7a-5c3e-9f80-0d4b1a2c3e5f';

/** A new time-ordered id (UUID v7), as CONTRACT §2 requires for every id. */
export function newId(): string {
  return uuidv7();
}

/**
 * The same inputs always give the same id: a handler reacting to event X appends events whose
 * ids derive from X's id, so a redelivery of X re-appends the same ids and the store's
 * idempotent append makes it a no-op.
 */
export function derivedId(...parts: string[]): string {
  return uuidv5(parts.join('\u001f'), DERIVED_ID_NAMESPACE);
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && validate(value);
}

export function isUuidV7(value: unknown): value is string {
  return isUuid(value) && version(value) === 7;
}
