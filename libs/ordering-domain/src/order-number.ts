import { DomainError } from '@oms/contracts';

/**
 * The number a person reads out on the phone: `ORD-2026-000042`. At least six digits of
 * sequence, zero padded; a larger sequence simply grows (`ORD-2026-1234567`), so there is
 * exactly one spelling of every (year, sequence).
 */
const orderNumberPattern = /^ORD-(\d{4})-(\d{6,})$/;
const minimumDigits = 6;

export interface OrderNumberParts {
  year: number;
  sequence: number;
}

export function formatOrderNumber(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new DomainError('VALIDATION_FAILED', `an order number year has four digits, not ${year}`, [{ field: 'year', message: 'must be an integer from 1000 to 9999' }]);
  }
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new DomainError('VALIDATION_FAILED', `an order number sequence starts at 1, not ${sequence}`, [{ field: 'sequence', message: 'must be a positive safe integer' }]);
  }
  return `ORD-${year}-${String(sequence).padStart(minimumDigits, '0')}`;
}

/** The parts of a canonical order number, or undefined for anything else. */
export function parseOrderNumber(text: unknown): OrderNumberParts | undefined {
  if (typeof text !== 'string') return undefined;
  const match = orderNumberPattern.exec(text);
  if (!match) return undefined;
  const [, yearDigits, sequenceDigits] = match;
  const year = Number(yearDigits);
  const sequence = Number(sequenceDigits);
  if (year < 1000 || sequence < 1 || !Number.isSafeInteger(sequence)) return undefined;
  // `ORD-2026-0000042` names the same order as `ORD-2026-000042`; only the latter is its number.
  if (sequenceDigits.length > minimumDigits && sequenceDigits.startsWith('0')) return undefined;
  return { year, sequence };
}

export function isOrderNumber(text: unknown): text is string {
  return parseOrderNumber(text) !== undefined;
}
