import { DomainError } from '@oms/contracts';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
const acceptable = /^[\x20-\x7e]{1,200}$/;

/** The client's key for a POST/PUT/DELETE (1..200 printable ASCII characters), if it sent one. */
export function idempotencyKeyFrom(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header === 'string' && acceptable.test(header)) return header;
  throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key must be 1 to 200 printable ASCII characters', [
    { field: IDEMPOTENCY_KEY_HEADER, message: 'must be 1 to 200 printable ASCII characters' },
  ]);
}
