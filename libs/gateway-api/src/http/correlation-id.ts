import { newId } from '@oms/contracts';
import type { GatewayRequest, GatewayResponse } from './gateway-request';

export const CORRELATION_ID_HEADER = 'X-Correlation-Id';

const acceptable = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * A client's correlation id is kept when it is short and plain (it ends up in logs, event
 * metadata and Kafka headers); anything else is replaced rather than refused, because a bad
 * tracing header is no reason to fail a request.
 */
export function correlationIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && acceptable.test(header) ? header : newId();
}

/** Express middleware, first in the chain so that even body-parser refusals carry the id. */
export function correlationIdMiddleware(request: GatewayRequest, response: GatewayResponse, next: () => void): void {
  const correlationId = correlationIdFrom(request.headers['x-correlation-id']);
  request.correlationId = correlationId;
  response.setHeader(CORRELATION_ID_HEADER, correlationId);
  next();
}
