import type { ErrorCode } from '@oms/contracts';

/**
 * The one place a closed error name becomes an HTTP status (CONTRACT §2). Typed as a full
 * Record so that a name added to `errorCodes` does not compile until it has a status here.
 */
export const errorStatus: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ORDER_NOT_FOUND: 404,
  LINE_NOT_FOUND: 404,
  HOLD_NOT_FOUND: 404,
  SHIPMENT_NOT_FOUND: 404,
  BOOKING_NOT_FOUND: 404,
  INVALID_TRANSITION: 409,
  ORDER_ON_HOLD: 409,
  CANCELLATION_NOT_ALLOWED: 409,
  CONCURRENCY_CONFLICT: 409,
  ORDER_EMPTY: 422,
  PAYMENT_MISMATCH: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  PAYLOAD_TOO_LARGE: 413,
  SERVICE_UNAVAILABLE: 503,
};

/** Short, stable, human-readable summaries: the problem's `title` never varies per occurrence. */
export const errorTitle: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'The request is malformed or invalid',
  UNAUTHORIZED: 'A valid API key is required',
  FORBIDDEN: 'The API key may not do this',
  NOT_FOUND: 'No such resource',
  ORDER_NOT_FOUND: 'No such order',
  LINE_NOT_FOUND: 'No such order line',
  HOLD_NOT_FOUND: 'No such hold',
  SHIPMENT_NOT_FOUND: 'No shipment for this order',
  BOOKING_NOT_FOUND: 'No booking for this order',
  INVALID_TRANSITION: 'Not allowed in the current state',
  ORDER_ON_HOLD: 'The order is on hold',
  CANCELLATION_NOT_ALLOWED: 'The order can no longer be cancelled',
  CONCURRENCY_CONFLICT: 'The order has changed since you last read it',
  ORDER_EMPTY: 'The order has no lines',
  PAYMENT_MISMATCH: 'The payment does not match the order total',
  IDEMPOTENCY_KEY_REUSED: 'The Idempotency-Key was used for another request',
  PAYLOAD_TOO_LARGE: 'The request body is too large',
  SERVICE_UNAVAILABLE: 'Service temporarily unavailable',
};
