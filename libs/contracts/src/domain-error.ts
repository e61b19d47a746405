/**
 * The closed set of business and edge error names of CONTRACT §2. The gateway maps each to an
 * HTTP status exhaustively, so a new name does not compile until it has one.
 */
export const errorCodes = [
  'VALIDATION_FAILED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'ORDER_NOT_FOUND',
  'LINE_NOT_FOUND',
  'HOLD_NOT_FOUND',
  'SHIPMENT_NOT_FOUND',
  'BOOKING_NOT_FOUND',
  'INVALID_TRANSITION',
  'ORDER_EMPTY',
  'PAYMENT_MISMATCH',
  'ORDER_ON_HOLD',
  'CANCELLATION_NOT_ALLOWED',
  'CONCURRENCY_CONFLICT',
  'IDEMPOTENCY_KEY_REUSED',
  'PAYLOAD_TOO_LARGE',
  'SERVICE_UNAVAILABLE',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
