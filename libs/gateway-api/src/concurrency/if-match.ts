import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { DomainError } from '@oms/contracts';
import type { GatewayRequest } from '../http/gateway-request';

const strongTag = /^"(\d{1,15})"$/;
const bareDigits = /^\d{1,15}$/;

/**
 * `If-Match` → the order version the client expects (the stream revision the ordering
 * service checks): `"7"` or `7` → 7; `*` or no header → undefined (any version). Anything
 * else (a weak tag, a list, text) is refused rather than ignored, because a client that sends
 * a precondition expects it to hold.
 */
export function expectedVersionFrom(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(',') : header;
  const trimmed = value.trim();
  if (trimmed === '*') return undefined;
  const match = strongTag.exec(trimmed) ?? bareDigits.exec(trimmed);
  if (!match) {
    throw new DomainError('VALIDATION_FAILED', 'If-Match must be one order version, e.g. "7" (as in the ETag), or *', [
      { field: 'If-Match', message: 'must be a version such as "7", or *' },
    ]);
  }
  return Number(match[1] ?? match[0]);
}

/** The ETag of an order view: its version, as a strong tag. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

export const ExpectedVersion = createParamDecorator((_: unknown, context: ExecutionContext): number | undefined =>
  expectedVersionFrom(context.switchToHttp().getRequest<GatewayRequest>().headers['if-match']),
);
