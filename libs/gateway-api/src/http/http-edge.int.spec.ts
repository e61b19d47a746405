import { isUuidV7 } from '@oms/contracts';
import { gzipSync } from 'node:zlib';
import { startGatewayUnderTest, type CallResult, type GatewayUnderTest } from '../testing/gateway-under-test';
import { orderId, validPlaceOrder } from '../testing/routes';

function expectProblem(response: CallResult, status: number, code: string): void {
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body).toEqual(expect.objectContaining({ type: expect.stringMatching(/^urn:oms:problem:/), title: expect.any(String), status, detail: expect.any(String), code }));
}

describe('HTTP edge', () => {
  let gateway: GatewayUnderTest;

  beforeAll(async () => {
    gateway = await startGatewayUnderTest();
  }, 60_000);
  afterAll(() => gateway?.close());

  describe('bodies', () => {
    it.each(['{bad', '{"customerId": "c",}', "{'a':1}", '{"a":1}{"b":2}', '\u0000'])('malformed JSON %p → 400 VALIDATION_FAILED', async (raw) => {
      const response = await gateway.call('POST', '/api/v1/orders', { key: 'dev-client', raw });
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.body.detail).toBe('the request body is not valid JSON');
    });

    it('a 1.5 MB body → 413 PAYLOAD_TOO_LARGE, before authentication even matters', async () => {
      const raw = JSON.stringify({ ...validPlaceOrder, customerId: 'c'.repeat(1_500_000) });
      expectProblem(await gateway.call('POST', '/api/v1/orders', { key: 'dev-client', raw }), 413, 'PAYLOAD_TOO_LARGE');
      expectProblem(await gateway.call('POST', '/api/v1/orders', { raw }), 413, 'PAYLOAD_TOO_LARGE');
    });

    it('a body just under 1 MB is read (and then validated)', async () => {
      const raw = JSON.stringify({ ...validPlaceOrder, customerId: 'c'.repeat(1_000_000) });
      expect(Buffer.byteLength(raw)).toBeLessThan(1024 * 1024);
      expectProblem(await gateway.call('POST', '/api/v1/orders', { key: 'dev-client', raw }), 400, 'VALIDATION_FAILED');
    });

    it('a gzip bomb is stopped by the limit on the inflated size', async () => {
      const raw = gzipSync(JSON.stringify({ customerId: 'c'.repeat(5_000_000) }));
      expect(raw.length).toBeLessThan(100_000);
      const response = await gateway.call('POST', '/api/v1/orders', { key: 'dev-client', raw, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
      expectProblem(response, 413, 'PAYLOAD_TOO_LARGE');
    });

    it.each([
      ['an unknown encoding', { 'content-type': 'application/json', 'content-encoding': 'compress' }],
      ['a corrupt gzip body', { 'content-type': 'application/json', 'content-encoding': 'gzip' }],
      ['an unsupported charset', { 'content-type': 'application/json; charset=ebcdic' }],
    ])('%s → 400', async (_, headers) => {
      expectProblem(await gateway.call('POST', '/api/v1/orders', { key: 'dev-client', raw: '{"customerId":"c"}', headers }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('routes', () => {
    it.each([
      ['GET', '/'],
      ['GET', '/api/v1'],
      ['GET', '/api/v1/customers'],
      ['GET', '/api/v2/orders'],
      ['GET', `/api/v1/orders/${orderId}/lines`],
      ['POST', `/api/v1/orders/${orderId}/shipment/teleport`],
      ['GET', '/orders'],
      ['GET', '/health/nothing'],
      ['GET', '/api/v1/health/live'],
    ])('unknown route %s %s → 404 NOT_FOUND', async (method, path) => {
      expectProblem(await gateway.call(method, path, { key: 'dev-admin' }), 404, 'NOT_FOUND');
    });

    it.each([
      ['PATCH', '/api/v1/orders'],
      ['DELETE', '/api/v1/orders'],
      ['PUT', `/api/v1/orders/${orderId}`],
      ['GET', `/api/v1/orders/${orderId}/cancel`],
      ['POST', '/health/live'],
    ])('wrong method %s %s → 404 problem', async (method, path) => {
      const response = await gateway.call(method, path, { key: 'dev-admin' });
      expect([404, 405]).toContain(response.status);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('a malformed percent-encoding in the path → 400, not 500', async () => {
      const response = await gateway.call('GET', '/api/v1/orders/%E0%A4%A', { key: 'dev-client' });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });
  });

  describe('correlation id', () => {
    it('echoes a valid X-Correlation-Id on every kind of response', async () => {
      const headers = { 'x-correlation-id': 'trace-123.abc_DEF' };
      const responses = [
        await gateway.call('GET', '/health/live', { headers }),
        await gateway.call('GET', '/api/v1/orders', { headers }),
        await gateway.call('GET', '/api/v1/nowhere', { key: 'dev-client', headers }),
        await gateway.call('POST', '/api/v1/orders', { key: 'dev-client', raw: '{bad', headers }),
        await gateway.call('POST', '/api/v1/orders', { key: 'dev-client', raw: JSON.stringify({ x: 'y'.repeat(1_200_000) }), headers }),
        await gateway.call('POST', '/api/v1/orders', { key: 'dev-client', json: validPlaceOrder, headers }),
        await gateway.call('GET', '/docs-json', { headers }),
      ];
      expect(responses.map((response) => response.headers.get('x-correlation-id'))).toEqual(responses.map(() => 'trace-123.abc_DEF'));
    });

    it.each([['x'.repeat(101)], ['has space'], ['semi;colon'], ['<script>']])('replaces %p with a new UUID v7', async (correlationId) => {
      const response = await gateway.call('GET', '/health/live', { headers: { 'x-correlation-id': correlationId } });
      expect(isUuidV7(response.headers.get('x-correlation-id'))).toBe(true);
    });

    it('makes one up when none is sent, different per request', async () => {
      const first = (await gateway.call('GET', '/health/live')).headers.get('x-correlation-id');
      const second = (await gateway.call('GET', '/health/live')).headers.get('x-correlation-id');
      expect(isUuidV7(first)).toBe(true);
      expect(first).not.toBe(second);
    });
  });

  describe('unavailable services', () => {
    it('answers 503 SERVICE_UNAVAILABLE with Retry-After, naming no host or port', async () => {
      const response = await gateway.call('POST', '/api/v1/orders', { key: 'dev-client', json: validPlaceOrder });
      expectProblem(response, 503, 'SERVICE_UNAVAILABLE');
      expect(response.headers.get('retry-after')).toBe('1');
      expect(response.text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|:1\b/);
    });

    it('read models missing (projector not started yet) → 503, not 500', async () => {
      expectProblem(await gateway.call('GET', '/api/v1/orders', { key: 'dev-client' }), 503, 'SERVICE_UNAVAILABLE');
    });
  });

  it('sends no X-Powered-By and no ETag on non-order responses', async () => {
    const response = await gateway.call('GET', '/health/live');
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('etag')).toBeNull();
  });
});
