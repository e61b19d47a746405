import { DomainError, isUuid } from '@oms/contracts';

/** Where a page ended: the last order's creation time (to the microsecond, as stored) and id. */
export interface ListPosition {
  createdAt: string;
  id: string;
}

const storedTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function invalidCursor(message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `cursor: ${message}`, [{ field: 'cursor', message }]);
}

/** Opaque to clients: base64url of `createdAt|id`. */
export function encodeCursor(position: ListPosition): string {
  return Buffer.from(`${position.createdAt}|${position.id}`, 'utf8').toString('base64url');
}

/** A cursor this module did not make (malformed, tampered, truncated) is a validation error. */
export function decodeCursor(cursor: string): ListPosition {
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw invalidCursor('is not a cursor returned by this list');
  }
  const [createdAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !storedTime.test(createdAt ?? '') || Number.isNaN(Date.parse(createdAt)) || !isUuid(id)) {
    throw invalidCursor('is not a cursor returned by this list');
  }
  return { createdAt, id };
}
