import type { GatewayResponse as Response } from '../http/gateway-request';
import { etagOf } from '../concurrency/if-match';

export const API_BASE_PATH = '/api/v1';

/** Headers of a response carrying an order view: its version as the ETag (If-Match's value). */
export function withOrderHeaders<View extends { version: number }>(response: Response, order: View): View {
  if (Number.isSafeInteger(order.version)) response.setHeader('ETag', etagOf(order.version));
  return order;
}

export const orderHeadersDoc = {
  ETag: { description: 'The order version, e.g. `"7"`: send it back as If-Match.', schema: { type: 'string' } },
  'X-Correlation-Id': { description: 'The request correlation id (yours when valid, else a new one).', schema: { type: 'string' } },
};
