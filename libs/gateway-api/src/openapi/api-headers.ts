import { applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';

export const IdempotencyKeyHeader = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      '1–200 printable ASCII characters, unique per intended effect. The same key with the same request returns the first response again ' +
      '(with `Idempotent-Replayed: true`) and changes nothing; with another request → 422 IDEMPOTENCY_KEY_REUSED. Kept 24 h, per API key.',
    schema: { type: 'string', minLength: 1, maxLength: 200 },
  });

export const IfMatchHeader = () =>
  ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The order version you last saw, as in its ETag (`"7"`; bare `7` also accepted; `*` = any). Stale → 409 CONCURRENCY_CONFLICT.',
    schema: { type: 'string', example: '"7"' },
  });

/** Headers of a command that changes an order. */
export const OrderCommandHeaders = () => applyDecorators(IdempotencyKeyHeader(), IfMatchHeader());
